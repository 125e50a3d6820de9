import type { ModelMessage, ToolCallRequest } from '../models/model-client.js';
import { capped } from '../text/capped.js';

/** A message sent to or received from a model, as the trace keeps it. */
export interface RecordedMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** An assistant turn that asked for tools: the calls, by their model-facing names. */
  readonly tool_calls?: readonly RecordedToolCallRequest[];
  /** A tool result: the call it answers and whether the tool failed. */
  readonly tool_call_id?: string;
  readonly tool_name?: string;
  readonly is_error?: boolean;
}

export interface RecordedToolCallRequest {
  readonly id: string;
  readonly name: string;
  readonly arguments: unknown;
}

/** One call to a model, as recorded in the task trace. */
export interface ModelCallRecord {
  readonly provider: string;
  readonly model: string;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** US dollars, from `config.prices` or the price package; null when the model's price is unknown (and in traces written before costs). */
  readonly cost_usd: number | null;
  readonly finish_reason: string;
  /** Attempts made, including retries of 429/5xx/connection errors. */
  readonly attempts: number;
  readonly messages: readonly RecordedMessage[];
  readonly reply: string;
  /** Tools the model asked to call in its reply (the calls themselves are in the trace's `tool_calls`). */
  readonly reply_tool_calls?: readonly RecordedToolCallRequest[];
  readonly warnings?: readonly string[];
  readonly error?: string;
}

export interface ModelCallRecorder {
  modelCall(call: ModelCallRecord): void;
}

const MAX_TEXT_CHARS = 64 * 1024;

/** Keeps a trace readable: each message and the reply are cut at 64 KiB, visibly. */
function capText(text: string): string {
  return capped(text, MAX_TEXT_CHARS);
}

export type CallFacts = Omit<ModelCallRecord, 'messages' | 'reply' | 'reply_tool_calls'> & {
  readonly messages: readonly ModelMessage[];
  readonly reply: string;
  readonly replyToolCalls?: readonly ToolCallRequest[] | undefined;
};

export function callRecord(facts: CallFacts): ModelCallRecord {
  const { replyToolCalls, ...rest } = facts;
  return {
    ...rest,
    messages: facts.messages.map(recordedMessage),
    reply: capText(facts.reply),
    ...(replyToolCalls === undefined || replyToolCalls.length === 0 ? {} : { reply_tool_calls: replyToolCalls.map(recordedToolCall) }),
  };
}

function recordedMessage(message: ModelMessage): RecordedMessage {
  const content = capText(message.content);
  if (message.role === 'tool') return { role: 'tool', content, tool_call_id: message.toolCallId, tool_name: message.toolName, is_error: message.isError };
  if ('toolCalls' in message) return { role: 'assistant', content, tool_calls: message.toolCalls.map(recordedToolCall) };
  return { role: message.role, content };
}

function recordedToolCall(call: ToolCallRequest): RecordedToolCallRequest {
  return { id: call.id, name: call.name, arguments: call.arguments };
}

/** The tokens a list of calls spent, in all. */
export function callTokens(calls: readonly Pick<ModelCallRecord, 'input_tokens' | 'output_tokens'>[]): { input_tokens: number; output_tokens: number } {
  let input = 0;
  let output = 0;
  for (const call of calls) {
    input += call.input_tokens;
    output += call.output_tokens;
  }
  return { input_tokens: input, output_tokens: output };
}
