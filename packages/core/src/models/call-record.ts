import { capped } from '../text/capped.js';
import type { ModelCallRecord, ModelMessage } from './model-client.js';

const MAX_TEXT_CHARS = 64 * 1024;

/** Keeps a trace readable: each message and the reply are cut at 64 KiB, visibly. */
export function capText(text: string): string {
  return capped(text, MAX_TEXT_CHARS);
}

export function capMessages(messages: readonly ModelMessage[]): ModelMessage[] {
  return messages.map((message) => ({ role: message.role, content: capText(message.content) }));
}

export type CallFacts = Omit<ModelCallRecord, 'messages' | 'reply'> & { readonly messages: readonly ModelMessage[]; readonly reply: string };

export function callRecord(facts: CallFacts): ModelCallRecord {
  return { ...facts, messages: capMessages(facts.messages), reply: capText(facts.reply) };
}
