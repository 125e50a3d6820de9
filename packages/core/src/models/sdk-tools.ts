import type { ToolSet, TypedToolCall } from 'ai';
import type { ToolCallRequest, ToolDefinition } from './model-client.js';

/**
 * Tools as the AI SDK sends them: a JSON Schema for the arguments and no
 * `execute`, so the SDK never runs them and ends the request after one step;
 * the caller runs the calls (see `withToolLoop`).
 */
export function sdkTools(tools: readonly ToolDefinition[], jsonSchema: typeof import('ai').jsonSchema): ToolSet {
  return Object.fromEntries(
    tools.map((tool) => [tool.name, { description: tool.description, inputSchema: jsonSchema(tool.inputSchema as Parameters<typeof jsonSchema>[0]) }]),
  );
}

/** The calls the model asked for, arguments parsed (the text itself when not JSON), provider metadata kept for the next request. */
export function toolCallsOf(calls: readonly TypedToolCall<ToolSet>[]): ToolCallRequest[] {
  return calls.map((call) => ({
    id: call.toolCallId,
    name: call.toolName,
    arguments: call.input,
    ...(call.providerMetadata === undefined ? {} : { providerMetadata: call.providerMetadata }),
  }));
}
