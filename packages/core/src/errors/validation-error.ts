import { DispatchError } from './dispatch-error.js';
import { errorMarker, hasErrorMarker } from './error-marker.js';

const marker = errorMarker('DispatchValidationError');

/** One problem in a dispatch, located by its JSON path (`tasks[2].dependencies[0]`). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export function formatIssue(issue: ValidationIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** A dispatch that must not run, with every problem found, not just the first. */
export class DispatchValidationError extends DispatchError {
  readonly [marker] = true;
  readonly issues: readonly ValidationIssue[];
  readonly source: string | undefined;

  constructor(issues: readonly ValidationIssue[], source?: string) {
    const where = source === undefined ? 'dispatch' : source;
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super('validation', `${where} is invalid (${count}):\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'DispatchValidationError';
    this.issues = issues;
    this.source = source;
  }

  static override isInstance(value: unknown): value is DispatchValidationError {
    return hasErrorMarker(value, marker);
  }
}
