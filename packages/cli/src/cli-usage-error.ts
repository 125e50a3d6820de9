const marker = Symbol.for('pdispatch.cli-usage-error');

/** A mistake on the command line; reported without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  readonly [marker] = true;

  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }

  static isInstance(value: unknown): value is CliUsageError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
