import { callCost, type PriceOverrides } from '../cost/model-prices.js';
import { callRecord, type ModelCallRecorder } from '../tracing/model-call-record.js';
import type { ModelClient, ModelMessage, ModelRequest, TokenUsage, ToolCallRequest } from './model-client.js';
import { ModelError } from './model-error.js';

/**
 * The client as one task sees it: every call, whichever client makes it (the
 * AI SDK, the editor's language models), is recorded in the task's trace,
 * with its cost (`config.prices`, else the price package), and Retry-After
 * waits stop at the task's deadline.
 */
export function taskModelClient(client: ModelClient, recorder: ModelCallRecorder, deadline: number | undefined, prices?: PriceOverrides): ModelClient {
  const cost = (usage: TokenUsage) => callCost(client, usage, prices);
  async function recorded<R extends { usage: TokenUsage; finishReason: string; attempts?: number; warnings?: readonly string[]; toolCalls?: readonly ToolCallRequest[] }>(
    request: ModelRequest,
    send: (request: ModelRequest) => Promise<R>,
    replyText: (result: R) => string,
  ): Promise<R> {
    const started = Date.now();
    const facts = (messages: readonly ModelMessage[]) => ({ provider: client.provider, model: client.model, started_at: new Date(started).toISOString(), messages });
    try {
      const result = await send({ ...request, ...(deadline === undefined ? {} : { deadline }) });
      recorder.modelCall(
        callRecord({
          ...facts(request.messages),
          duration_ms: Date.now() - started,
          input_tokens: result.usage.input_tokens,
          output_tokens: result.usage.output_tokens,
          cost_usd: cost(result.usage),
          finish_reason: result.finishReason,
          attempts: result.attempts ?? 1,
          reply: replyText(result),
          // Names, ids and arguments only: provider metadata (Gemini's thought signature) stays out of traces.
          replyToolCalls: result.toolCalls,
          ...(result.warnings === undefined || result.warnings.length === 0 ? {} : { warnings: result.warnings }),
        }),
      );
      return result;
    } catch (error) {
      const message = request.signal.aborted ? 'cancelled' : error instanceof Error ? error.message : String(error);
      // An unusable answer (JSON not matching the schema) still cost tokens and is worth reading.
      const known = ModelError.isInstance(error) ? error : undefined;
      recorder.modelCall(
        callRecord({
          ...facts(request.messages),
          duration_ms: Date.now() - started,
          input_tokens: known?.usage?.input_tokens ?? 0,
          output_tokens: known?.usage?.output_tokens ?? 0,
          cost_usd: cost(known?.usage ?? { input_tokens: 0, output_tokens: 0 }),
          finish_reason: 'error',
          attempts: known?.attempts ?? 1,
          reply: known?.reply ?? '',
          error: message,
        }),
      );
      throw error;
    }
  }
  return {
    provider: client.provider,
    model: client.model,
    ...(client.baseUrl === undefined ? {} : { baseUrl: client.baseUrl }),
    generateText: (request) => recorded(request, (bound) => client.generateText(bound), (result) => result.text),
    generateObject: (request) =>
      recorded(request, (bound) => client.generateObject({ ...request, ...bound }), (result) => (result.object === undefined ? '' : JSON.stringify(result.object, null, 2))),
  };
}
