import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicDialect } from './loopback-model-server-anthropic.js';
import { googleDialect } from './loopback-model-server-google.js';
import { openaiDialect } from './loopback-model-server-openai.js';
import { sendJson, type CarriedToolResult, type CompletionReply, type ScriptedToolCall, type WireDialect } from './loopback-model-server-wire.js';

export { loopbackThoughtSignature } from './loopback-model-server-google.js';
export type { ScriptedToolCall } from './loopback-model-server-wire.js';

/** What the server does with one request. */
export type ScriptedReply =
  | (CompletionReply & { readonly text: string })
  /** Structured output: a `tool_use` block when an Anthropic request offers a tool, JSON text otherwise. */
  | (CompletionReply & { readonly json: unknown })
  /** Asks for these tool calls in the protocol's own form (OpenAI `tool_calls`, Anthropic `tool_use` blocks, Gemini `functionCall` parts). */
  | (CompletionReply & { readonly toolCalls: readonly ScriptedToolCall[]; readonly text?: string })
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number }
  /** Drops the connection without a response (the client sees ECONNRESET / "socket hang up"). */
  | { readonly destroy: true; readonly delayMs?: number };

/** A reply, or a function choosing one from the request (e.g. from its last user message). */
export type ReplyScript = ScriptedReply | ((request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>);

export type WireProtocol = 'openai' | 'anthropic' | 'google';

const DIALECTS: Readonly<Record<WireProtocol, WireDialect>> = { openai: openaiDialect, anthropic: anthropicDialect, google: googleDialect };

export interface RecordedRequest {
  readonly protocol: WireProtocol;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, as the client sent it. */
  readonly body: Record<string, any>;
  readonly stream: boolean;
  /** All message text of the request, system prompt included, for assertions on prompts. */
  readonly promptText: string;
  /** The text of the last user message that has text. */
  readonly lastUserText: string;
  /** Names of the tools offered, as sent. */
  readonly tools: readonly string[];
  /** Tool results carried in the request's messages, in order. */
  readonly toolResults: readonly CarriedToolResult[];
}

export interface LoopbackModelServer {
  /** `http://127.0.0.1:<port>/v1`: a base URL for OpenAI-compatible and Anthropic clients alike. */
  readonly baseUrl: string;
  readonly openaiBaseUrl: string;
  readonly anthropicBaseUrl: string;
  /** `http://127.0.0.1:<port>/v1beta`, for Gemini clients. */
  readonly googleBaseUrl: string;
  /** Every model request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests being answered right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly mostInFlight: number;
  /** Scripted replies not used yet. */
  readonly pending: number;
  enqueue(...replies: ReplyScript[]): void;
  /** Resolves once `count` requests in all have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A model API on 127.0.0.1 speaking the real wire protocols, OpenAI Chat
 * Completions (`POST …/chat/completions`), Anthropic Messages
 * (`POST …/messages`) and Google's Generative Language API
 * (`POST …/models/<model>:generateContent` / `:streamGenerateContent?alt=sse`),
 * streaming (SSE) or not, tool calls included. Each request takes the next
 * scripted reply, else `fallback`, else a 400 naming the unscripted request.
 */
export async function startLoopbackModelServer(options: { readonly fallback?: ReplyScript } = {}): Promise<LoopbackModelServer> {
  const queue: ReplyScript[] = [];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<{ count: number; resolve: () => void }>();
  let inFlight = 0;
  let mostInFlight = 0;

  async function handle(request: http.IncomingMessage, response: http.ServerResponse, rawBody: string): Promise<void> {
    const path = request.url ?? '/';
    const protocol = protocolOf(new URL(path, 'http://loopback').pathname);
    if (request.method !== 'POST' || protocol === undefined) {
      sendJson(response, 404, { error: { message: `no route ${request.method} ${path}` } });
      return;
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(rawBody) as Record<string, any>;
    } catch {
      sendJson(response, 400, { error: { message: 'the request body is not JSON' } });
      return;
    }
    const dialect = DIALECTS[protocol];
    const recorded: RecordedRequest = {
      protocol,
      path,
      headers: request.headers,
      body,
      stream: dialect.isStream(path, body),
      promptText: dialect.promptText(body),
      lastUserText: dialect.lastUserText(body),
      tools: dialect.tools(body),
      toolResults: dialect.toolResults(body),
    };
    requests.push(recorded);
    for (const waiter of waiters) {
      if (requests.length < waiter.count) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }

    const script = queue.shift() ?? options.fallback;
    if (script === undefined) {
      sendJson(response, 400, { error: { message: `the test scripted no reply for request ${requests.length} (last user message: ${recorded.lastUserText.slice(0, 200)})` } });
      return;
    }
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      const reply = typeof script === 'function' ? await script(recorded) : script;
      if (reply.delayMs !== undefined && !(await stillConnected(response, reply.delayMs))) return;
      if ('destroy' in reply) request.socket.destroy();
      else if ('status' in reply) sendJson(response, reply.status, reply.body ?? { error: { message: `scripted ${reply.status}` } }, reply.headers);
      else dialect.answer(response, recorded, reply);
    } finally {
      inFlight--;
    }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, response, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: { message: `loopback server failed: ${String(error)}` } });
        else response.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/v1`;

  return {
    baseUrl,
    openaiBaseUrl: baseUrl,
    anthropicBaseUrl: baseUrl,
    googleBaseUrl: `${origin}/v1beta`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get mostInFlight() {
      return mostInFlight;
    },
    get pending() {
      return queue.length;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.add({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function stillConnected(response: http.ServerResponse, delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, delayMs);
    response.once('close', onClose);
  });
}

function protocolOf(pathname: string): WireProtocol | undefined {
  if (pathname.endsWith('/chat/completions')) return 'openai';
  if (pathname.endsWith('/messages')) return 'anthropic';
  if (/\/models\/[^/]+:(generateContent|streamGenerateContent)$/.test(pathname)) return 'google';
  return undefined;
}
