// Core's errorMarker convention, spelt out: this module is loaded by every command line, which
// must not load core (see bench/cold-start.mjs).
const marker = Symbol.for('parallel-dispatcher.error.CliUsageError');

/** A mistake on the command line; reported without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  readonly [marker] = true;

  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }

  static isInstance(value: unknown): value is CliUsageError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
