import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token counts and pacing shared by the replies that produce a completion. */
interface CompletionReply {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** 'length' reports a reply cut at max tokens (`finish_reason: "length"`, `stop_reason: "max_tokens"`). */
  readonly finishReason?: 'stop' | 'length';
  /** Waits this long before answering; a client that hangs up meanwhile gets nothing. */
  readonly delayMs?: number;
}

/** What the server does with one request. */
export type ScriptedReply =
  | (CompletionReply & { readonly text: string })
  /** Structured output: a `tool_use` block when an Anthropic request offers a tool, JSON text otherwise. */
  | (CompletionReply & { readonly json: unknown })
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number }
  /** Drops the connection without a response (the client sees ECONNRESET / "socket hang up"). */
  | { readonly destroy: true; readonly delayMs?: number };

/** A reply, or a function choosing one from the request (e.g. from its last user message). */
export type ReplyScript = ScriptedReply | ((request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>);

export type WireProtocol = 'openai' | 'anthropic';

export interface RecordedRequest {
  readonly protocol: WireProtocol;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, as the client sent it. */
  readonly body: Record<string, any>;
  readonly stream: boolean;
  /** All message text of the request, system prompt included, for assertions on prompts. */
  readonly promptText: string;
  /** The text of the last user message. */
  readonly lastUserText: string;
}

export interface LoopbackModelServer {
  /** `http://127.0.0.1:<port>/v1`: a base URL for OpenAI-compatible and Anthropic clients alike. */
  readonly baseUrl: string;
  readonly openaiBaseUrl: string;
  readonly anthropicBaseUrl: string;
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
 * Completions (`POST …/chat/completions`) and Anthropic Messages
 * (`POST …/messages`), streaming (SSE) or not. Each request takes the next
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
    const protocol: WireProtocol | undefined = path.endsWith('/chat/completions') ? 'openai' : path.endsWith('/messages') ? 'anthropic' : undefined;
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
    const recorded: RecordedRequest = { protocol, path, headers: request.headers, body, stream: body.stream === true, promptText: promptText(protocol, body), lastUserText: lastUserText(body) };
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
      else if (protocol === 'openai') answerOpenAI(response, recorded, reply);
      else answerAnthropic(response, recorded, reply);
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
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  return {
    baseUrl,
    openaiBaseUrl: baseUrl,
    anthropicBaseUrl: baseUrl,
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

type CompletionScript = CompletionReply & ({ readonly text: string } | { readonly json: unknown });

function usageOf(reply: CompletionScript) {
  return { input: reply.inputTokens ?? 11, output: reply.outputTokens ?? 7 };
}

function answerOpenAI(response: http.ServerResponse, request: RecordedRequest, reply: CompletionScript): void {
  const text = 'text' in reply ? reply.text : JSON.stringify(reply.json);
  const usage = usageOf(reply);
  const finishReason = reply.finishReason === 'length' ? 'length' : 'stop';
  const wireUsage = { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
  const envelope = { id: 'chatcmpl-loopback', created: Math.floor(Date.now() / 1000), model: request.body.model };
  if (!request.stream) {
    sendJson(response, 200, { ...envelope, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }], usage: wireUsage });
    return;
  }
  const chunk = (choices: unknown[], extra: object = {}) => ({ ...envelope, object: 'chat.completion.chunk', choices, ...extra });
  const events = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...pieces(text).map((piece) => chunk([{ index: 0, delta: { content: piece }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: finishReason }]),
    // Like OpenAI, usage comes in a last chunk only when the client asked for it.
    ...(request.body.stream_options?.include_usage === true ? [chunk([], { usage: wireUsage })] : []),
  ];
  sendSse(response, [...events.map((data) => ({ data: JSON.stringify(data) })), { data: '[DONE]' }]);
}

function answerAnthropic(response: http.ServerResponse, request: RecordedRequest, reply: CompletionScript): void {
  const usage = usageOf(reply);
  const tool = 'json' in reply ? offeredTool(request.body) : undefined;
  const block = tool === undefined ? { type: 'text', text: 'text' in reply ? reply.text : JSON.stringify(reply.json) } : { type: 'tool_use', id: 'toolu_loopback', name: tool, input: (reply as { json: unknown }).json };
  const stopReason = reply.finishReason === 'length' ? 'max_tokens' : tool === undefined ? 'end_turn' : 'tool_use';
  const message = { id: 'msg_loopback', type: 'message', role: 'assistant', model: request.body.model, stop_sequence: null };
  if (!request.stream) {
    sendJson(response, 200, { ...message, content: [block], stop_reason: stopReason, usage: { input_tokens: usage.input, output_tokens: usage.output } });
    return;
  }
  const deltas =
    block.type === 'text'
      ? pieces(block.text as string).map((text) => ({ type: 'text_delta', text }))
      : pieces(JSON.stringify(block.input)).map((partial_json) => ({ type: 'input_json_delta', partial_json }));
  const started = block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} };
  const events = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.input, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: started },
    ...deltas.map((delta) => ({ type: 'content_block_delta', index: 0, delta })),
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } },
    { type: 'message_stop' },
  ];
  sendSse(response, events.map((event) => ({ event: event.type, data: JSON.stringify(event) })));
}

/**
 * The tool an Anthropic request expects structured output through: the one
 * `tool_choice` forces, else the only one offered. None when the request
 * asks for JSON text instead (`output_config.format`).
 */
function offeredTool(body: Record<string, any>): string | undefined {
  if (!Array.isArray(body.tools) || body.tools.length === 0) return undefined;
  return typeof body.tool_choice?.name === 'string' ? body.tool_choice.name : (body.tools[0].name as string);
}

/** Splits streamed text in a few deltas, so clients must join them. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
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

function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendSse(response: http.ServerResponse, events: readonly { event?: string; data: string }[]): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const { event, data } of events) response.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`);
  response.end();
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part: { text?: unknown }) => (typeof part?.text === 'string' ? [part.text] : [])).join('\n');
}

function promptText(protocol: WireProtocol, body: Record<string, any>): string {
  const parts = protocol === 'anthropic' ? [textOf(body.system)] : [];
  for (const message of body.messages ?? []) parts.push(textOf(message.content));
  return parts.filter((part) => part !== '').join('\n');
}

function lastUserText(body: Record<string, any>): string {
  const users = ((body.messages ?? []) as { role?: string; content?: unknown }[]).filter((message) => message.role === 'user');
  return textOf(users.at(-1)?.content);
}
