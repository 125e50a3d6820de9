import { DispatchError } from '../errors/dispatch-error.js';
import { errorMarker, hasErrorMarker } from '../errors/error-marker.js';
import type { TokenUsage } from './model-client.js';

const marker = errorMarker('ModelError');

export interface ModelErrorFacts {
  readonly provider: string;
  readonly model: string;
  /** What went wrong, for users; the provider and model are put in front. Never holds the API key. */
  readonly message: string;
  readonly statusCode?: number;
  /** True when the same call may succeed later (429, 5xx, timeouts, dropped connections). */
  readonly isRetryable?: boolean;
  readonly retryAfterMs?: number;
  readonly attempts?: number;
  /** Set when the model did answer but the answer was unusable (e.g. JSON not matching the schema). */
  readonly usage?: TokenUsage;
  readonly reply?: string;
  readonly cause?: unknown;
}

/**
 * A model call that failed for good: after retries, or at once when retrying
 * cannot help. Hosts read the readonly facts; the message reads like
 * "anthropic claude-x: rate limited (429); the quota resets at …".
 */
export class ModelError extends DispatchError {
  readonly [marker] = true;
  readonly provider: string;
  readonly model: string;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  /** How long the provider asked us to wait (429 Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
  /** HTTP attempts made before giving up. */
  readonly attempts: number;
  /** Tokens spent on an unusable answer, so traces still count them. */
  readonly usage: TokenUsage | undefined;
  /** The unusable answer's text, for the trace. */
  readonly reply: string | undefined;

  constructor(facts: ModelErrorFacts) {
    super('model', `${facts.provider} ${facts.model}: ${facts.message}`, { cause: facts.cause });
    this.name = 'ModelError';
    this.provider = facts.provider;
    this.model = facts.model;
    this.statusCode = facts.statusCode;
    this.isRetryable = facts.isRetryable ?? false;
    this.retryAfterMs = facts.retryAfterMs;
    this.attempts = facts.attempts ?? 1;
    this.usage = facts.usage;
    this.reply = facts.reply;
  }

  static override isInstance(value: unknown): value is ModelError {
    return hasErrorMarker(value, marker);
  }
}
