import type { ToolSet, TypedToolCall } from 'ai';
import { geminiToolSchema } from './gemini-schema.js';

/**
 * Gemini refuses JSON mode beside function calling ("Function calling with a
 * response mime type: 'application/json' is unsupported"), so an object
 * request that offers tools asks for the object as one more function, `json`
 * (as the AI SDK does for Anthropic models), with function calling required:
 * the model either calls a real tool or answers through `json`. Model-facing
 * tool names are `<server>__<tool>`, so the name never collides.
 */
export const ANSWER_TOOL = 'json';

/** The answer function's parameters; a root that is not an object is wrapped, Gemini's parameters being an object. */
export function answerTool(schema: Record<string, unknown>, jsonSchema: typeof import('ai').jsonSchema): { tools: ToolSet; unwrap: (input: unknown) => unknown } {
  const wrapped = schema.type !== 'object';
  const parameters = wrapped ? { type: 'object', properties: { answer: schema }, required: ['answer'] } : schema;
  return {
    tools: {
      [ANSWER_TOOL]: {
        description: 'Give your final answer, as the arguments of this call, once you need no other tool.',
        inputSchema: jsonSchema(geminiToolSchema(parameters) as Parameters<typeof jsonSchema>[0]),
      },
    },
    unwrap: (input) => (wrapped ? (input as { answer?: unknown } | undefined)?.answer : input),
  };
}

/** The answer call among the calls of a reply, and the others. */
export function splitAnswer(calls: readonly TypedToolCall<ToolSet>[]): { answer: TypedToolCall<ToolSet> | undefined; others: TypedToolCall<ToolSet>[] } {
  return { answer: calls.find((call) => call.toolName === ANSWER_TOOL), others: calls.filter((call) => call.toolName !== ANSWER_TOOL) };
}
