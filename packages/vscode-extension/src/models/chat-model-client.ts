import type { ModelClient, ModelMessage, ModelObjectRequest, ModelObjectResult, ModelRequest, TokenUsage, ToolCallRequest, ToolDefinition } from '@parallel-dispatcher/core';
import { jsonInstruction, readJsonReply, repairInstruction, type ObjectSchema } from './json-reply.js';

/** What one round trip to a chat model returns: its text, and the tools it asked to call when it was offered some. */
export interface ChatReply {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly toolCalls?: readonly ToolCallRequest[];
}

/** One round trip to a chat model: the editor's Language Model API in the extension, a fake in tests. */
export type ChatSend = (messages: readonly ModelMessage[], options: { readonly signal: AbortSignal; readonly tools?: readonly ToolDefinition[] }) => Promise<ChatReply>;

/**
 * Core's `ModelClient` over a plain chat model, which has no structured output: objects are
 * asked for as JSON, parsed, validated with the task's schema, and repaired once. Tools offered
 * by the request go to the model (none when `toolChoice` is `none`); when it calls any, the
 * result carries the calls for the tool loop instead of an answer.
 */
export function chatModelClient(options: { readonly provider: string; readonly model: string; readonly send: ChatSend }): ModelClient {
  const { send } = options;
  return {
    provider: options.provider,
    model: options.model,
    async generateText(request) {
      request.signal.throwIfAborted();
      const reply = await send(request.messages, sendOptions(request));
      const toolCalls = reply.toolCalls ?? [];
      if (toolCalls.length > 0) return { text: reply.text, usage: reply.usage, finishReason: 'tool-calls', toolCalls };
      return { text: reply.text, usage: reply.usage, finishReason: 'stop' };
    },
    async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
      request.signal.throwIfAborted();
      const schema = request.schema as unknown as ObjectSchema<T>;
      const messages: ModelMessage[] = [...request.messages, { role: 'user', content: jsonInstruction(schema, request.schemaName, request.jsonSchema) }];
      const first = await send(messages, sendOptions(request));
      const toolCalls = first.toolCalls ?? [];
      // The object comes once the tool loop has sent the results back.
      if (toolCalls.length > 0) return { object: undefined as T, usage: first.usage, finishReason: 'tool-calls', attempts: 1, toolCalls };
      let usage = first.usage;
      let reply = readJsonReply(first.text, schema);
      let attempts = 1;
      if (!reply.ok) {
        attempts = 2;
        // The repair asks for the JSON alone: no tools this time.
        const repaired = await send([...messages, { role: 'assistant', content: first.text }, { role: 'user', content: repairInstruction(reply.problem) }], { signal: request.signal });
        usage = { input_tokens: usage.input_tokens + repaired.usage.input_tokens, output_tokens: usage.output_tokens + repaired.usage.output_tokens };
        reply = readJsonReply(repaired.text, schema);
      }
      if (!reply.ok) throw new Error(`the reply did not match the expected JSON after a repair attempt: ${reply.problem}`);
      return { object: reply.object, usage, finishReason: 'stop', attempts };
    },
  };
}

function sendOptions(request: ModelRequest): { readonly signal: AbortSignal; readonly tools?: readonly ToolDefinition[] } {
  const tools = request.toolChoice === 'none' ? [] : (request.tools ?? []);
  return tools.length === 0 ? { signal: request.signal } : { signal: request.signal, tools };
}
