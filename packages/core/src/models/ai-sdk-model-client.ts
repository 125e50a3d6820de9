import { inspect } from 'node:util';
import type { FlexibleSchema, LanguageModel, ToolChoice, ToolSet } from 'ai';
import { backoffDelay } from '../scheduler/backoff.js';
import { abortableSleep } from '../timing/abortable-sleep.js';
import { Redactor } from '../tracing/redactor.js';
import { concurrencyCap } from './concurrency-cap.js';
import type { ModelClient, ModelObjectRequest, ModelObjectResult, ModelRequest, ModelTextResult, TokenUsage, ToolCallRequest } from './model-client.js';
import { ModelError, type ModelErrorFacts } from './model-error.js';
import { endpointOf, type ResolvedModel } from './resolve-model.js';
import { sdkLanguageModel } from './sdk-language-model.js';
import { ANSWER_TOOL, answerTool, splitAnswer } from './gemini-answer-tool.js';
import { geminiToolSchema, hasOpenObject } from './gemini-schema.js';
import { sdkConversation } from './sdk-messages.js';
import { sdkTools, toolCallsOf } from './sdk-tools.js';
import { classifyFailure, DEFAULT_RETRY, type FailureClass, type RetryOptions } from './retry-policy.js';

export interface ModelClientOptions {
  /** Defaults: 4 attempts, 500 ms base delay, 30 s longest delay. */
  readonly retry?: Partial<RetryOptions>;
  /** Longest one HTTP call may take before it is abandoned (and retried); default 120 s. */
  readonly callTimeoutMs?: number;
  /** Replaces the global fetch for the provider's HTTP calls (proxies, custom dispatchers). */
  readonly fetch?: typeof globalThis.fetch;
}

interface Reply {
  readonly text: string;
  readonly object: unknown;
  readonly usage: TokenUsage;
  readonly finishReason: string;
  readonly warnings: string[];
  readonly toolCalls: ToolCallRequest[];
}

type Facts = Omit<ModelErrorFacts, 'provider' | 'model' | 'message'>;

/** What an object request asks of the SDK. */
type ObjectRequest = Pick<ModelObjectRequest<unknown>, 'schema' | 'schemaName' | 'jsonSchema'>;

/**
 * A model reached through the AI SDK: Chat Completions for OpenAI and
 * compatible servers, the Messages API for Anthropic, the Generative Language
 * API for Google. Offered tools are sent without `execute`: a model that calls
 * them ends the request with `toolCalls` for the caller to run. The SDK's own retries
 * are off so that this client alone decides: 429 waits out Retry-After (or
 * fails at once when that is past the request's deadline), 5xx, timeouts and
 * dropped connections back off exponentially, anything else fails at once.
 * At most `maxConcurrency` calls run at a time; waiting between attempts
 * holds no slot.
 */
export function createModelClient(resolved: ResolvedModel, options: ModelClientOptions = {}): ModelClient {
  // The SDK would print its warnings on the console, in the middle of our stdout/stderr contract; they go to the trace instead.
  globalThis.AI_SDK_LOG_WARNINGS = false;
  // The SDK and its providers (OpenTelemetry included) are imported by the first call (see sdk-language-model.ts), so hosts
  // that only validate, or run shell tasks, never load them.
  let languageModel: Promise<LanguageModel> | undefined;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const callTimeoutMs = options.callTimeoutMs ?? 120_000;
  const cap = concurrencyCap(resolved.maxConcurrency);
  const site = { endpoint: endpointOf(resolved), apiKeySource: resolved.apiKeySource };
  // A server may echo the key in an error body; it must reach neither messages nor traces.
  const redactor = new Redactor(resolved.apiKey === undefined ? [] : [resolved.apiKey]);

  const fail = (message: string, facts: Facts): ModelError => {
    // The SDK error is kept as the cause only when it does not hold the key (in an echoed body, say).
    const causeText = facts.cause === undefined ? '' : inspect(facts.cause, { depth: 6 });
    return new ModelError({
      provider: resolved.provider,
      model: resolved.model,
      ...facts,
      message: redactor.redact(message),
      ...(facts.reply === undefined ? {} : { reply: redactor.redact(facts.reply) }),
      cause: redactor.redact(causeText) === causeText ? facts.cause : undefined,
    });
  };

  async function attempt(request: ModelRequest, object: ObjectRequest | undefined): Promise<Reply> {
    const ai = await import('ai');
    const model = await (languageModel ??= sdkLanguageModel(resolved, options.fetch));
    const timeout = AbortSignal.timeout(callTimeoutMs);
    const conversation = sdkConversation(request.messages);
    const tools = request.tools === undefined || request.tools.length === 0 ? undefined : request.tools;
    const google = resolved.provider === 'google';
    // No `execute`: the SDK stops after this one step and hands the calls back.
    const offered = tools === undefined ? undefined : sdkTools(google ? tools.map((tool) => ({ ...tool, inputSchema: geminiToolSchema(tool.inputSchema) })) : tools, ai.jsonSchema);
    const answer = google && object !== undefined && offered !== undefined ? answerTool(await objectJsonSchema(object, ai), ai.jsonSchema) : undefined;
    const output = object === undefined || answer !== undefined ? undefined : await objectOutput(object, google, ai);
    const toolSettings: { tools?: ToolSet; toolChoice?: ToolChoice<ToolSet> } =
      answer !== undefined
        ? request.toolChoice === 'none'
          ? { tools: answer.tools, toolChoice: { type: 'tool', toolName: ANSWER_TOOL } }
          : { tools: { ...offered, ...answer.tools }, toolChoice: 'required' }
        : offered === undefined
          ? {}
          : { tools: offered, toolChoice: request.toolChoice ?? 'auto' };
    const system = [conversation.system, output?.instruction].filter((part) => part !== undefined).join('\n\n');
    const result = await ai.generateText({
      model,
      ...(system === '' ? {} : { system }),
      messages: conversation.messages,
      ...toolSettings,
      abortSignal: AbortSignal.any([request.signal, timeout]),
      maxRetries: 0,
      ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(output === undefined ? {} : { output: output.output, providerOptions: output.providerOptions }),
    }).catch((error: unknown) => {
      if (request.signal.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new CallTimeout(callTimeoutMs);
      throw error;
    });
    const { answer: answerCall, others } = answer === undefined ? { answer: undefined, others: result.toolCalls } : splitAnswer(result.toolCalls);
    const toolCalls = tools === undefined ? [] : toolCallsOf(others);
    const reply = {
      text: result.text,
      toolCalls,
      usage: usageOf(result.usage),
      finishReason: result.finishReason,
      warnings: (result.warnings ?? []).map((warning) => ('message' in warning && typeof warning.message === 'string' ? warning.message : JSON.stringify(warning))),
    };
    // A model that called tools has not answered yet: there is no object to read.
    if (object === undefined || toolCalls.length > 0) return { ...reply, object: undefined };
    if (answer === undefined) return { ...reply, object: result.output };
    const value = answerCall === undefined ? undefined : answer.unwrap(answerCall.input);
    const checked = object.schema.safeParse(value);
    // The answer function's call is the model's final answer, not a call for the caller to run.
    if (answerCall !== undefined && checked.success) return { ...reply, text: JSON.stringify(value), finishReason: 'stop', object: checked.data };
    throw new ai.NoObjectGeneratedError({
      message: answerCall === undefined ? 'the model answered without calling the answer function' : checked.error!.message,
      text: answerCall === undefined ? result.text : JSON.stringify(value),
      response: result.response,
      usage: result.usage,
      finishReason: result.finishReason,
    });
  }

  async function call(request: ModelRequest, object?: ObjectRequest): Promise<Reply & { attempts: number }> {
    for (let attempts = 1; ; attempts++) {
      try {
        return { ...(await cap(request.signal, () => attempt(request, object))), attempts };
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        const next = await nextStep(error, attempts, request.deadline);
        if (ModelError.isInstance(next)) throw next;
        await abortableSleep(next, request.signal);
      }
    }
  }

  /** After a failed attempt: how long to wait before the next one, or the error that ends the call. */
  async function nextStep(error: unknown, attempts: number, deadline: number | undefined): Promise<number | ModelError> {
    const { NoObjectGeneratedError } = await import('ai');
    if (NoObjectGeneratedError.isInstance(error)) {
      return fail(`the reply did not match the expected JSON: ${error.message}`, {
        attempts,
        cause: error,
        ...(error.usage === undefined ? {} : { usage: usageOf(error.usage) }),
        ...(error.text === undefined ? {} : { reply: error.text }),
      });
    }
    const failure: FailureClass = error instanceof CallTimeout ? { retry: true, message: error.message } : await classifyFailure(error, site);
    const facts: Facts = {
      attempts,
      cause: error,
      isRetryable: failure.retry,
      ...(failure.statusCode === undefined ? {} : { statusCode: failure.statusCode }),
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    };
    if (!failure.retry) return fail(failure.message, facts);
    if (attempts >= retry.maxAttempts) return fail(`${failure.message} (gave up after ${attempts} attempts)`, facts);
    const waitMs = failure.retryAfterMs ?? backoffDelay(attempts, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs });
    // Sleeping past the deadline only to be cancelled there would hide the reason: say it now.
    if (deadline !== undefined && Date.now() + waitMs > deadline) {
      const why = failure.retryAfterMs === undefined ? 'no time is left to try again before this task\'s deadline' : `the quota resets at ${isoSeconds(Date.now() + waitMs)}, after this task's deadline`;
      return fail(`${failure.message}; ${why}`, facts);
    }
    return waitMs;
  }

  return {
    provider: resolved.provider,
    model: resolved.model,
    ...(resolved.baseUrl === undefined ? {} : { baseUrl: resolved.baseUrl }),
    async generateText(request: ModelRequest): Promise<ModelTextResult> {
      const reply = await call(request);
      return { text: reply.text, ...common(reply) };
    },
    async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
      const reply = await call(request, request);
      return { object: reply.object as T, ...common(reply) };
    },
  };
}

/** What text and object results share; `toolCalls` only when the model asked for any. */
function common(reply: Reply & { attempts: number }) {
  return {
    usage: reply.usage,
    finishReason: reply.finishReason,
    attempts: reply.attempts,
    warnings: reply.warnings,
    ...(reply.toolCalls.length === 0 ? {} : { toolCalls: reply.toolCalls }),
  };
}

/** How an object is asked for: the SDK's output, its provider options, and for Gemini at times an instruction. */
async function objectOutput(object: ObjectRequest, google: boolean, ai: typeof import('ai')): Promise<{ output: ReturnType<typeof ai.Output.object<unknown>>; providerOptions: Record<string, Record<string, boolean>>; instruction: string | undefined }> {
  const schema = wireSchema(object, ai.jsonSchema);
  const output = ai.Output.object({ schema, ...(object.schemaName === undefined ? {} : { name: object.schemaName }) });
  // A raw JSON Schema goes to OpenAI-compatible servers as `response_format: json_schema` with
  // strict: false. Strict mode (the SDK's default) rejects any schema with optional properties
  // or open objects, which a dispatch file has; non-strict accepts it as guidance, and the
  // caller checks the reply. Anthropic gets the schema as a forced tool's input_schema either way.
  const providerOptions: Record<string, Record<string, boolean>> = object.jsonSchema === undefined ? {} : { openaiCompatible: { strictJsonSchema: false } };
  if (!google) return { output, providerOptions, instruction: undefined };
  // Gemini refuses a response schema with open maps (a dispatch file's env, agents, input_data):
  // it then answers in JSON mode with the full schema in the system prompt, and the reply is checked as always.
  const json = await objectJsonSchema(object, ai);
  if (!hasOpenObject(json)) return { output, providerOptions, instruction: undefined };
  return {
    output,
    providerOptions: { ...providerOptions, google: { structuredOutputs: false } },
    instruction: `Reply with one JSON value and nothing else, following this JSON Schema:\n${JSON.stringify(json)}`,
  };
}

/** The JSON Schema an object request asks for: the caller's own, else the one made from its zod schema. */
async function objectJsonSchema(object: ObjectRequest, ai: typeof import('ai')): Promise<Record<string, unknown>> {
  return (object.jsonSchema ?? (await ai.asSchema(object.schema).jsonSchema)) as Record<string, unknown>;
}

/** The schema the SDK sends and checks the reply with: the zod schema, or a raw JSON Schema checked by the zod schema. */
function wireSchema(object: ObjectRequest, jsonSchema: typeof import('ai').jsonSchema): FlexibleSchema<unknown> {
  if (object.jsonSchema === undefined) return object.schema;
  const { schema } = object;
  return jsonSchema(object.jsonSchema as Parameters<typeof jsonSchema>[0], {
    validate: (value) => {
      const checked = schema.safeParse(value);
      return checked.success ? { success: true, value: checked.data } : { success: false, error: checked.error };
    },
  });
}

/** One HTTP call outlived `callTimeoutMs`; worth another attempt. */
class CallTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no reply within ${timeoutMs / 1000} s`);
  }
}

function usageOf(usage: { inputTokens: number | undefined; outputTokens: number | undefined }): TokenUsage {
  return { input_tokens: usage.inputTokens ?? 0, output_tokens: usage.outputTokens ?? 0 };
}

/** "2026-11-25T03:00:00Z": a reset time needs no milliseconds. */
function isoSeconds(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
