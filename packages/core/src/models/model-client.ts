import type { z } from 'zod';

/** One message of a conversation with a model. */
export interface ModelMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface TokenUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

export interface ModelRequest {
  readonly messages: readonly ModelMessage[];
  /** Cancels the call at once (the task's abort signal). */
  readonly signal: AbortSignal;
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  /** Epoch ms after which waiting is pointless (the task's timeout): a longer Retry-After fails at once. */
  readonly deadline?: number;
}

export interface ModelObjectRequest<T> extends ModelRequest {
  readonly schema: z.ZodType<T>;
  /** A short name for the object, sent to providers that support named schemas. */
  readonly schemaName?: string;
  /**
   * The JSON Schema the model is asked to follow, in place of the one made from
   * `schema`, which then only checks the reply. For objects the caller checks
   * itself with better messages (the planner's dispatch files, checked by
   * `prepareDispatch` with JSON paths): `schema` is then `z.unknown()`.
   */
  readonly jsonSchema?: Readonly<Record<string, unknown>>;
}

export interface ModelTextResult {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly finishReason: string;
  /** HTTP attempts the call took, retries included, when the client retries. */
  readonly attempts?: number;
  /** What the provider warned about (unsupported settings, …). */
  readonly warnings?: readonly string[];
}

export interface ModelObjectResult<T> {
  readonly object: T;
  readonly usage: TokenUsage;
  readonly finishReason: string;
  readonly attempts?: number;
  readonly warnings?: readonly string[];
}

/**
 * What agents see of a model: messages in, text or a validated object out.
 * Implementations retry rate limits and transient errors themselves; the
 * dispatch records every call in the task's trace.
 */
export interface ModelClient {
  readonly provider: string;
  readonly model: string;
  generateText(request: ModelRequest): Promise<ModelTextResult>;
  generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>>;
}
