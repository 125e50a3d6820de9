import type { ModelMessage } from '@parallel-dispatcher/core';

export interface TextPart {
  readonly kind: 'text';
  readonly text: string;
}

export interface ToolCallPart {
  readonly kind: 'tool-call';
  readonly callId: string;
  readonly name: string;
  readonly input: object;
}

export interface ToolResultPart {
  readonly kind: 'tool-result';
  readonly callId: string;
  readonly text: string;
}

/** One message of a chat model conversation, with the parts the editor's Language Model API allows in it. */
export type ChatTurn = { readonly role: 'user'; readonly parts: readonly (TextPart | ToolResultPart)[] } | { readonly role: 'assistant'; readonly parts: readonly (TextPart | ToolCallPart)[] };

/**
 * Core's messages as chat turns (chat models take only user and assistant turns): system
 * instructions go first as a user turn; a turn that asked for tools is an assistant turn with its
 * calls; the results of one step's calls go back together in the user turn that follows, a failed
 * call's text saying so.
 */
export function chatTurns(messages: readonly ModelMessage[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let results: ToolResultPart[] | undefined;
  for (const message of messages) {
    if (message.role === 'tool') {
      const part: ToolResultPart = { kind: 'tool-result', callId: message.toolCallId, text: message.isError ? `The tool failed: ${message.content}` : message.content };
      if (results !== undefined) {
        results.push(part);
        continue;
      }
      results = [part];
      turns.push({ role: 'user', parts: results });
      continue;
    }
    results = undefined;
    if (message.role === 'assistant') {
      const calls = 'toolCalls' in message ? message.toolCalls.map((call): ToolCallPart => ({ kind: 'tool-call', callId: call.id, name: call.name, input: argumentsObject(call.arguments) })) : [];
      const text: TextPart[] = message.content === '' && calls.length > 0 ? [] : [{ kind: 'text', text: message.content }];
      turns.push({ role: 'assistant', parts: [...text, ...calls] });
    } else {
      turns.push({ role: 'user', parts: [{ kind: 'text', text: message.role === 'system' ? `Instructions:\n${message.content}` : message.content }] });
    }
  }
  return turns;
}

/** Tool call inputs are objects; arguments that were not (a model's unparsable text) go back under `input`. */
function argumentsObject(value: unknown): object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { input: value };
}
