import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test scripts the server to do with one request. */
export type ScriptedReply =
  | { readonly text: string; readonly inputTokens?: number; readonly outputTokens?: number; readonly delayMs?: number }
  | { readonly json: unknown; readonly inputTokens?: number; readonly outputTokens?: number; readonly delayMs?: number }
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly destroy: true };

export interface RecordedRequest {
  readonly protocol: 'openai' | 'anthropic';
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: any;
  /** All message text of the request (system included), for assertions on prompts. */
  readonly promptText: string;
}

export type ReplyScript = ScriptedReply | ((request: RecordedRequest) => ScriptedReply);

/**
 * A model API on 127.0.0.1 speaking OpenAI Chat Completions
 * (`POST /v1/chat/completions`) and Anthropic Messages (`POST /v1/messages`),
 * answering from a queue of scripted replies (or a default script) and
 * recording every request.
 */
export async function startLoopbackModelServer(options: { fallback?: ReplyScript } = {}) {
  const queue: ReplyScript[] = [];
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let mostInFlight = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const protocol = request.url?.endsWith('/chat/completions') ? 'openai' : request.url?.endsWith('/messages') ? 'anthropic' : undefined;
        if (request.method !== 'POST' || protocol === undefined) {
          respond(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const recorded: RecordedRequest = { protocol, path: request.url!, headers: request.headers, body, promptText: promptText(protocol, body) };
        requests.push(recorded);
        const script = queue.shift() ?? options.fallback;
        if (script === undefined) {
          respond(response, 400, { error: { message: 'the test scripted no reply for this request' } });
          return;
        }
        const reply = typeof script === 'function' ? script(recorded) : script;
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          await answer(protocol, body, reply, request, response);
        } finally {
          inFlight--;
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  return {
    /** For OpenAI-compatible clients (`base_url`) and Anthropic (`ANTHROPIC_BASE_URL`) alike. */
    baseUrl,
    requests,
    get mostInFlight() {
      return mostInFlight;
    },
    enqueue(...replies: ReplyScript[]) {
      queue.push(...replies);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type LoopbackModelServer = Awaited<ReturnType<typeof startLoopbackModelServer>>;

async function answer(protocol: 'openai' | 'anthropic', body: any, reply: ScriptedReply, request: http.IncomingMessage, response: http.ServerResponse) {
  if ('destroy' in reply) {
    request.socket.destroy();
    return;
  }
  if ('status' in reply) {
    respond(response, reply.status, reply.body ?? { error: { message: `scripted ${reply.status}` } }, reply.headers);
    return;
  }
  if (reply.delayMs !== undefined) {
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), reply.delayMs);
      response.on('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (closed) return;
  }
  const text = 'text' in reply ? reply.text : JSON.stringify(reply.json);
  const usage = { input: reply.inputTokens ?? 11, output: reply.outputTokens ?? 7 };
  if (protocol === 'openai') {
    respond(response, 200, {
      id: 'chatcmpl-loopback',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    });
    return;
  }
  // Anthropic: structured output may be asked for as a forced tool call.
  const tool = Array.isArray(body.tools) && body.tools.length > 0 && 'json' in reply ? body.tools[0] : undefined;
  respond(response, 200, {
    id: 'msg_loopback',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: tool === undefined ? [{ type: 'text', text }] : [{ type: 'tool_use', id: 'toolu_loopback', name: tool.name, input: reply.json }],
    stop_reason: tool === undefined ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  });
}

function respond(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function promptText(protocol: 'openai' | 'anthropic', body: any): string {
  const parts: string[] = [];
  const add = (content: unknown) => {
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content)) for (const part of content) if (typeof part?.text === 'string') parts.push(part.text);
  };
  if (protocol === 'anthropic') add(body.system);
  for (const message of body.messages ?? []) add(message.content);
  return parts.join('\n');
}
