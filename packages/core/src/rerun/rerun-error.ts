import { DispatchError } from '../errors/dispatch-error.js';

const marker = Symbol.for('parallel-dispatcher.rerun-error');

/** Why a dispatch cannot be rerun (still running, a dry run, nothing failed, traces missing); the message says what to do. */
export class RerunError extends DispatchError {
  readonly [marker] = true;

  constructor(
    readonly dispatchId: string,
    message: string,
  ) {
    super('validation', message);
    this.name = 'RerunError';
  }

  static override isInstance(value: unknown): value is RerunError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
