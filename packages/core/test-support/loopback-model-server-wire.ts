import type http from 'node:http';

/** Token counts and pacing shared by the replies that produce a completion. */
export interface CompletionReply {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** 'length' reports a reply cut at max tokens (`finish_reason: "length"`, `stop_reason: "max_tokens"`, `finishReason: "MAX_TOKENS"`). */
  readonly finishReason?: 'stop' | 'length';
  /** Waits this long before answering; a client that hangs up meanwhile gets nothing. */
  readonly delayMs?: number;
}

/** One tool call a scripted reply asks for. */
export interface ScriptedToolCall {
  readonly name: string;
  readonly arguments: unknown;
  readonly id?: string;
}

/** A reply that produces a completion: text, JSON, or tool calls (with any text alongside). */
export type CompletionScript = CompletionReply &
  ({ readonly text: string } | { readonly json: unknown } | { readonly toolCalls: readonly ScriptedToolCall[]; readonly text?: string });

/** What a protocol's answer needs of the request. */
export interface WireRequest {
  readonly path: string;
  readonly body: Record<string, any>;
  readonly stream: boolean;
}

/** A tool result a request carries back to the model. */
export interface CarriedToolResult {
  readonly name: string;
  readonly content: string;
}

/** One wire protocol: how to read its requests and answer them. */
export interface WireDialect {
  isStream(path: string, body: Record<string, any>): boolean;
  promptText(body: Record<string, any>): string;
  lastUserText(body: Record<string, any>): string;
  tools(body: Record<string, any>): string[];
  toolResults(body: Record<string, any>): CarriedToolResult[];
  answer(response: http.ServerResponse, request: WireRequest, reply: CompletionScript): void;
}

export function usageOf(reply: CompletionReply): { input: number; output: number } {
  return { input: reply.inputTokens ?? 11, output: reply.outputTokens ?? 7 };
}

/** The reply's text: its own, or its JSON; a tool-call reply may have none. */
export function replyText(reply: CompletionScript): string {
  if ('json' in reply) return JSON.stringify(reply.json);
  return reply.text ?? '';
}

/** The scripted calls with an id each (`<prefix>_<n>` unless scripted). */
export function callsOf(reply: CompletionScript, prefix: string): { id: string; name: string; arguments: unknown }[] {
  if (!('toolCalls' in reply)) return [];
  return reply.toolCalls.map((call, index) => ({ id: call.id ?? `${prefix}_${index + 1}`, name: call.name, arguments: call.arguments }));
}

/** Splits streamed text in a few deltas, so clients must join them. */
export function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export function sendSse(response: http.ServerResponse, events: readonly { event?: string; data: string }[]): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const { event, data } of events) response.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`);
  response.end();
}

/** The text of a message content: a string, or the text parts of a list. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part: { text?: unknown }) => (typeof part?.text === 'string' ? [part.text] : [])).join('\n');
}
