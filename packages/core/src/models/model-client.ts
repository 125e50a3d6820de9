import type { z } from 'zod';

/** One message of a conversation with a model. */
export type ModelMessage = TextMessage | AssistantToolCallMessage | ToolResultMessage;

export interface TextMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A model's turn that asked for tools to be called (with any text it wrote alongside). */
export interface AssistantToolCallMessage {
  readonly role: 'assistant';
  readonly content: string;
  readonly toolCalls: readonly ToolCallRequest[];
}

/** The result of one tool call, sent back to the model in the next request. */
export interface ToolResultMessage {
  readonly role: 'tool';
  readonly toolCallId: string;
  /** The model-facing tool name the call used. */
  readonly toolName: string;
  readonly content: string;
  /** The tool failed (an MCP `isError` result, a timeout, bad arguments): the text says why. */
  readonly isError: boolean;
}

/** A tool the model may call, as sent to the provider. */
export interface ToolDefinition {
  /** Model-facing: `^[A-Za-z0-9_-]{1,64}$`, which every provider accepts (`docs__search` for MCP tool `docs.search`). */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments object. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

/** A model's request to call one tool. */
export interface ToolCallRequest {
  /** The provider's id for the call, echoed in the result message. */
  readonly id: string;
  /** The model-facing tool name. */
  readonly name: string;
  /** The arguments as the model gave them (parsed JSON; the text itself when it was not JSON). */
  readonly arguments: unknown;
  /**
   * What the provider needs back with this call in the next request (Gemini's
   * thought signature); opaque, sent back as it came, never written to traces.
   */
  readonly providerMetadata?: Readonly<Record<string, unknown>>;
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
  /**
   * Tools the model may call in this one step. When it calls any, the result's
   * `toolCalls` lists them (and an object result has no object); the caller runs
   * them and sends their results in the next request (see `withToolLoop`).
   */
  readonly tools?: readonly ToolDefinition[];
  /** `none`: the model may not call the offered tools in this step (the call budget is spent); `auto` when unset. */
  readonly toolChoice?: 'auto' | 'none';
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
  /** Tools the model asked to call instead of finishing; only when the request offered `tools`. */
  readonly toolCalls?: readonly ToolCallRequest[];
}

export interface ModelObjectResult<T> {
  /** Undefined only when the model called tools instead (`toolCalls` is then non-empty). */
  readonly object: T;
  readonly usage: TokenUsage;
  readonly finishReason: string;
  readonly attempts?: number;
  readonly warnings?: readonly string[];
  readonly toolCalls?: readonly ToolCallRequest[];
}

/**
 * What agents see of a model: messages in, text or a validated object out.
 * Implementations retry rate limits and transient errors themselves; the
 * dispatch records every call in the task's trace.
 */
export interface ModelClient {
  readonly provider: string;
  readonly model: string;
  /** The API it calls when not the provider's public one; prices of OpenAI-compatible servers are found by it. */
  readonly baseUrl?: string;
  generateText(request: ModelRequest): Promise<ModelTextResult>;
  generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>>;
}
