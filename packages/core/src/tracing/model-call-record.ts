import { capped } from '../text/capped.js';

/** A message sent to or received from a model, as the trace keeps it. */
export interface RecordedMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** One call to a model, as recorded in the task trace. */
export interface ModelCallRecord {
  readonly provider: string;
  readonly model: string;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly finish_reason: string;
  /** Attempts made, including retries of 429/5xx/connection errors. */
  readonly attempts: number;
  readonly messages: readonly RecordedMessage[];
  readonly reply: string;
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

export type CallFacts = Omit<ModelCallRecord, 'messages' | 'reply'> & { readonly messages: readonly RecordedMessage[]; readonly reply: string };

export function callRecord(facts: CallFacts): ModelCallRecord {
  return { ...facts, messages: facts.messages.map((message) => ({ role: message.role, content: capText(message.content) })), reply: capText(facts.reply) };
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
