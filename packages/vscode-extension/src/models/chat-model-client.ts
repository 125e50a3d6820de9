import type { ModelClient, ModelMessage, ModelObjectRequest, ModelObjectResult, TokenUsage } from '@parallel-dispatcher/core';
import { jsonInstruction, readJsonReply, repairInstruction, type ObjectSchema } from './json-reply.js';

/** One round trip to a chat model: the editor's Language Model API in the extension, a fake in tests. */
export type ChatSend = (messages: readonly ModelMessage[], signal: AbortSignal) => Promise<{ readonly text: string; readonly usage: TokenUsage }>;

/**
 * Core's `ModelClient` over a plain chat model, which has no structured output: objects are
 * asked for as JSON, parsed, validated with the task's schema, and repaired once.
 */
export function chatModelClient(options: { readonly provider: string; readonly model: string; readonly send: ChatSend }): ModelClient {
  const { send } = options;
  return {
    provider: options.provider,
    model: options.model,
    async generateText(request) {
      request.signal.throwIfAborted();
      const reply = await send(request.messages, request.signal);
      return { text: reply.text, usage: reply.usage, finishReason: 'stop' };
    },
    async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
      request.signal.throwIfAborted();
      const schema = request.schema as unknown as ObjectSchema<T>;
      const messages: ModelMessage[] = [...request.messages, { role: 'user', content: jsonInstruction(schema, request.schemaName, request.jsonSchema) }];
      const first = await send(messages, request.signal);
      let usage = first.usage;
      let reply = readJsonReply(first.text, schema);
      let attempts = 1;
      if (!reply.ok) {
        attempts = 2;
        const repaired = await send([...messages, { role: 'assistant', content: first.text }, { role: 'user', content: repairInstruction(reply.problem) }], request.signal);
        usage = { input_tokens: usage.input_tokens + repaired.usage.input_tokens, output_tokens: usage.output_tokens + repaired.usage.output_tokens };
        reply = readJsonReply(repaired.text, schema);
      }
      if (!reply.ok) throw new Error(`the reply did not match the expected JSON after a repair attempt: ${reply.problem}`);
      return { object: reply.object, usage, finishReason: 'stop', attempts };
    },
  };
}
