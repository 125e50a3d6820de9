import { DispatchError } from '../errors/dispatch-error.js';

/** A model call that failed for good: after retries, or at once when retrying cannot help. */
export class ModelError extends DispatchError {
  readonly provider: string;
  readonly model: string;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  /** How long the provider asked us to wait (429 Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
  /** HTTP attempts made before giving up. */
  readonly attempts: number;

  constructor(facts: { provider: string; model: string; message: string; statusCode?: number; isRetryable?: boolean; retryAfterMs?: number; attempts?: number; cause?: unknown }) {
    super('model', `${facts.provider} ${facts.model}: ${facts.message}`, { cause: facts.cause });
    this.name = 'ModelError';
    this.provider = facts.provider;
    this.model = facts.model;
    this.statusCode = facts.statusCode;
    this.isRetryable = facts.isRetryable ?? false;
    this.retryAfterMs = facts.retryAfterMs;
    this.attempts = facts.attempts ?? 1;
  }
}
