import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, NoObjectGeneratedError, Output, type LanguageModel } from 'ai';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { backoffDelay } from '../scheduler/backoff.js';
import { abortableSleep } from '../timing/abortable-sleep.js';
import type { ModelClient, ModelObjectRequest, ModelObjectResult, ModelRequest, ModelTextResult, TokenUsage } from './model-client.js';
import { ModelError } from './model-error.js';
import type { ResolvedModel } from './resolve-model.js';
import { classifyFailure, DEFAULT_RETRY, type RetryOptions } from './retry-policy.js';

export interface ModelClientOptions {
  readonly retry?: RetryOptions;
  /** Longest one HTTP call may take before it is abandoned (and retried). */
  readonly callTimeoutMs?: number;
}

interface Reply {
  readonly text: string;
  readonly object: unknown;
  readonly usage: TokenUsage;
  readonly finishReason: string;
  readonly warnings: string[];
}

/**
 * A model reached through the AI SDK: Chat Completions for OpenAI and
 * compatible servers, the Messages API for Anthropic. The SDK's own retries
 * are off; this client retries 429 (honouring Retry-After), 5xx and
 * connection failures itself and caps simultaneous calls at `maxConcurrency`.
 */
export function createModelClient(resolved: ResolvedModel, options: ModelClientOptions = {}): ModelClient {
  // The SDK would print its warnings on the console, in the middle of our stdout/stderr contract; they go to the trace instead.
  globalThis.AI_SDK_LOG_WARNINGS = false;
  const languageModel = languageModelFor(resolved);
  const retry = options.retry ?? DEFAULT_RETRY;
  const callTimeoutMs = options.callTimeoutMs ?? 120_000;
  const limit = pLimit(resolved.maxConcurrency ?? Number.POSITIVE_INFINITY);
  const fail = (message: string, facts: { statusCode?: number; retryAfterMs?: number; attempts?: number; cause?: unknown } = {}) =>
    new ModelError({ provider: resolved.provider, model: resolved.model, message, ...facts });

  async function attempt(request: ModelRequest, schema: z.ZodType | undefined, schemaName: string | undefined): Promise<Reply> {
    const timeout = AbortSignal.timeout(callTimeoutMs);
    const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
    const conversation = request.messages.filter((message) => message.role !== 'system').map((message) => ({ role: message.role as 'user' | 'assistant', content: message.content }));
    const result = await generateText({
      model: languageModel,
      ...(system.length === 0 ? {} : { system: system.join('\n\n') }),
      messages: conversation,
      abortSignal: AbortSignal.any([request.signal, timeout]),
      maxRetries: 0,
      ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(schema === undefined ? {} : { output: Output.object({ schema, ...(schemaName === undefined ? {} : { name: schemaName }) }) }),
    }).catch((error: unknown) => {
      if (request.signal.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new CallTimeout(callTimeoutMs);
      throw error;
    });
    return {
      text: result.text,
      object: schema === undefined ? undefined : result.output,
      usage: { input_tokens: result.usage.inputTokens ?? 0, output_tokens: result.usage.outputTokens ?? 0 },
      finishReason: result.finishReason,
      warnings: (result.warnings ?? []).map((warning) => ('message' in warning && typeof warning.message === 'string' ? warning.message : JSON.stringify(warning))),
    };
  }

  async function call(request: ModelRequest, schema?: z.ZodType, schemaName?: string): Promise<Reply & { attempts: number }> {
    for (let attempts = 1; ; attempts++) {
      try {
        return { ...(await limit(() => attempt(request, schema, schemaName))), attempts };
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        const next = await nextStep(error, attempts, request);
        if (next !== 'retry') throw next;
      }
    }
  }

  /** Waits before the next attempt, or returns the error that ends the call. */
  async function nextStep(error: unknown, attempts: number, request: ModelRequest): Promise<'retry' | ModelError> {
    if (NoObjectGeneratedError.isInstance(error)) return fail(`the reply did not match the expected JSON: ${error.message}`, { attempts, cause: error });
    const failure = error instanceof CallTimeout ? { retry: true as const, message: error.message } : classifyFailure(error);
    const facts = { ...(failure.statusCode === undefined ? {} : { statusCode: failure.statusCode }), attempts, cause: error };
    if (!failure.retry) return fail(failure.message, facts);
    if (attempts >= retry.maxAttempts) return fail(`${failure.message} (gave up after ${attempts} attempts)`, facts);
    const wait = 'retryAfterMs' in failure && failure.retryAfterMs !== undefined ? failure.retryAfterMs : backoffDelay(attempts, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs });
    if (request.deadline !== undefined && Date.now() + wait > request.deadline) {
      const resets = new Date(Date.now() + wait).toISOString();
      return fail(`${failure.message}; the provider asks to wait until ${resets}, after this task's deadline`, { ...facts, ...('retryAfterMs' in failure && failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) });
    }
    await abortableSleep(wait, request.signal);
    return 'retry';
  }

  return {
    provider: resolved.provider,
    model: resolved.model,
    async generateText(request: ModelRequest): Promise<ModelTextResult> {
      const reply = await call(request);
      return { text: reply.text, usage: reply.usage, finishReason: reply.finishReason, attempts: reply.attempts, warnings: reply.warnings };
    },
    async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
      const reply = await call(request, request.schema, request.schemaName);
      return { object: reply.object as T, usage: reply.usage, finishReason: reply.finishReason, attempts: reply.attempts, warnings: reply.warnings };
    },
  };
}

/** One HTTP call outlived `callTimeoutMs`; worth another attempt. */
class CallTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no reply within ${timeoutMs / 1000} s`);
  }
}

function languageModelFor(resolved: ResolvedModel): LanguageModel {
  // Always a provider instance: a bare model string would be routed through a hosted gateway.
  if (resolved.provider === 'anthropic') {
    return createAnthropic({ ...(resolved.baseUrl === undefined ? {} : { baseURL: resolved.baseUrl }), apiKey: resolved.apiKey ?? '' })(resolved.model);
  }
  const provider = createOpenAICompatible({
    name: resolved.provider,
    baseURL: resolved.baseUrl ?? 'https://api.openai.com/v1',
    ...(resolved.apiKey === undefined ? {} : { apiKey: resolved.apiKey }),
    supportsStructuredOutputs: true,
    includeUsage: true,
  });
  return provider.chatModel(resolved.model);
}
