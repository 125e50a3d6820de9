import { Client, ProtocolError, SdkError, SdkErrorCode, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import { McpServerError } from './mcp-server-error.js';
import { ProcessGroupTransport } from './process-group-transport.js';
import type { ResolvedServer } from './resolve-server.js';

const CONNECTION_LOST = new Set<SdkErrorCode>([SdkErrorCode.ConnectionClosed, SdkErrorCode.SendFailed, SdkErrorCode.NotConnected]);

/** Loaded only when a dispatch starts a server: dispatches without tools never load the MCP SDK. */

export interface McpToolInfo {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

/** A call's end that goes back to the model: the tool's result, a refusal by the server, or no answer in time. */
export type McpCallOutcome =
  | { readonly kind: 'result'; readonly content: readonly unknown[]; readonly structuredContent: unknown; readonly isError: boolean }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'timeout' };

/** One started server: its tools, and calls to them. */
export interface McpConnection {
  readonly tools: readonly McpToolInfo[];
  /** The stdio server's process id (its process group); undefined for HTTP. */
  readonly pid: number | undefined;
  /** Why the server is no longer there (it exited); undefined while it runs. */
  readonly gone: McpServerError | undefined;
  /** Throws McpServerError when the server is gone or unreachable, and the signal's reason when aborted. */
  call(tool: string, args: Record<string, unknown>, options: { readonly signal: AbortSignal; readonly timeoutMs: number }): Promise<McpCallOutcome>;
  close(now: boolean): Promise<void>;
}

export async function connectServer(
  name: string,
  server: ResolvedServer,
  options: { readonly signal: AbortSignal; readonly timeoutMs: number; readonly graceMs: number },
): Promise<McpConnection> {
  const client = new Client({ name: 'parallel-dispatcher', version: '1' });
  let transport: ProcessGroupTransport | StreamableHTTPClientTransport;
  let gone: McpServerError | undefined;
  let ready = false;
  if (server.kind === 'stdio') {
    const stdio = new ProcessGroupTransport({ ...server, graceMs: options.graceMs });
    transport = stdio;
    const died = () => {
      if (stdio.closed) return undefined;
      const how = stdio.exit === undefined ? 'closed its output' : stdio.exit.signal === null ? `exited with code ${stdio.exit.code}` : `was killed by ${stdio.exit.signal}`;
      return new McpServerError(name, ready ? how : `${how} before it was ready`, stdio.stderr.toString());
    };
    client.onclose = () => {
      gone ??= died();
    };
  } else {
    transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { ...server.headers } } });
  }
  const stderrOf = () => (transport instanceof ProcessGroupTransport ? transport.stderr.toString() : '');
  const failure = (what: string, error: unknown) => gone ?? new McpServerError(name, `${what}: ${error instanceof Error ? error.message : String(error)}`, stderrOf(), { cause: error });

  let tools: McpToolInfo[];
  try {
    await client.connect(transport, { signal: options.signal, timeout: options.timeoutMs });
    const listed: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? undefined : { cursor }, { signal: options.signal, timeout: options.timeoutMs });
      listed.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined && cursor !== '');
    tools = listed.map((tool) => ({ name: tool.name, description: tool.description ?? tool.title ?? '', inputSchema: tool.inputSchema as Record<string, unknown> }));
    ready = true;
  } catch (error) {
    const reason = failure(server.kind === 'stdio' ? `could not be started (${server.command})` : `could not be reached at ${server.url}`, error);
    await (transport instanceof ProcessGroupTransport ? transport.close(true) : client.close()).catch(() => undefined);
    throw reason;
  }

  return {
    tools,
    pid: transport instanceof ProcessGroupTransport ? transport.pid : undefined,
    get gone() {
      return gone;
    },
    async call(tool, args, callOptions) {
      if (gone !== undefined) throw gone;
      try {
        const result = await client.callTool({ name: tool, arguments: args }, { signal: callOptions.signal, timeout: callOptions.timeoutMs });
        return { kind: 'result', content: result.content ?? [], structuredContent: result.structuredContent, isError: result.isError === true };
      } catch (error) {
        callOptions.signal.throwIfAborted();
        // The server's death shows as a closed connection first: let the exit be seen, then say so with its stderr.
        await new Promise((resolve) => setImmediate(resolve));
        if (gone !== undefined) throw gone;
        if (ProtocolError.isInstance(error)) return { kind: 'refused', message: error.message };
        if (SdkError.isInstance(error)) {
          if (error.code === SdkErrorCode.RequestTimeout) return { kind: 'timeout' };
          if (!CONNECTION_LOST.has(error.code)) return { kind: 'refused', message: error.message };
        }
        throw failure('failed', error);
      }
    },
    async close(now) {
      if (transport instanceof ProcessGroupTransport) {
        await transport.close(now);
        client.onclose = undefined;
      }
      await client.close().catch(() => undefined);
    },
  };
}
