import { fileErrorReason } from '@parallel-dispatcher/core';

/** The plan was made but its file could not be written (a read-only folder, a full disk). */
export class PlanFileError extends Error {
  readonly planPath: string;

  constructor(planPath: string, cause: unknown) {
    super(`cannot write the plan to ${planPath}: ${fileErrorReason(cause)}`, { cause });
    this.name = 'PlanFileError';
    this.planPath = planPath;
  }

  static isInstance(value: unknown): value is PlanFileError {
    return value instanceof PlanFileError;
  }
}
