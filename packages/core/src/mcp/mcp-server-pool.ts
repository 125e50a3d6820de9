import type { McpServerSpec } from '../schema/dispatch-schema.js';
import type { McpConnection } from './connect-server.js';
import { McpServerError } from './mcp-server-error.js';
import { resolveServer, type Resolution } from './resolve-server.js';

export interface McpServerPoolOptions {
  readonly servers: Readonly<Record<string, McpServerSpec>>;
  /** The dispatch's environment: `${NAME}` and `headers_env` read it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where stdio servers start, and what their relative `cwd` is relative to. */
  readonly workspace: string;
  /** Longest a server may take to start and list its tools (default 60 s). */
  readonly startTimeoutMs?: number;
  /** How long a server has to exit after SIGTERM before its process group is killed (default 2 s). */
  readonly graceMs?: number;
}

/**
 * The MCP servers of one dispatch: each starts when the first task needing
 * it asks, is shared by all tasks, and ends with `close()`. A server that
 * fails to start stays failed, so only the tasks needing it fail.
 */
export class McpServerPool {
  /** Values taken from the environment for the servers: the dispatch's redactor hides them. */
  readonly secrets: readonly string[];
  private readonly resolutions = new Map<string, Resolution>();
  private readonly started = new Map<string, Promise<McpConnection>>();
  private readonly stopping = new AbortController();
  private closed = false;

  constructor(private readonly options: McpServerPoolOptions) {
    for (const [name, spec] of Object.entries(options.servers)) this.resolutions.set(name, resolveServer(spec, options.env, options.workspace));
    this.secrets = [...this.resolutions.values()].flatMap((resolution) => resolution.secrets);
  }

  get names(): readonly string[] {
    return [...this.resolutions.keys()];
  }

  /** A server's own `tool_timeout_seconds`, or 60 s. */
  toolTimeoutMs(name: string): number {
    return (this.options.servers[name]?.tool_timeout_seconds ?? 60) * 1000;
  }

  /** The started server, starting it if no one has yet; rejects with McpServerError, or the signal's reason. */
  server(name: string, signal: AbortSignal): Promise<McpConnection> {
    let connection = this.started.get(name);
    if (connection === undefined) {
      connection = this.start(name);
      // Failures are seen by every task that asks; none is left unhandled.
      connection.catch(() => undefined);
      this.started.set(name, connection);
    }
    return abortable(connection, signal);
  }

  /** Ends every server (process groups killed: SIGTERM then SIGKILL, or SIGKILL at once with `now`). */
  async close(options: { readonly now?: boolean } = {}): Promise<void> {
    this.closed = true;
    this.stopping.abort(new McpServerError('*', 'was closed: the dispatch ended'));
    await Promise.all(
      [...this.started.values()].map(async (pending) => {
        const connection = await pending.catch(() => undefined);
        await connection?.close(options.now === true);
      }),
    );
  }

  private async start(name: string): Promise<McpConnection> {
    const resolution = this.resolutions.get(name);
    if (resolution === undefined) throw new McpServerError(name, 'is not defined');
    if (this.closed) throw new McpServerError(name, 'was not started: the dispatch ended');
    if (resolution.missing.length > 0) {
      const names = [...new Set(resolution.missing)].join(', ');
      throw new McpServerError(name, `cannot start: the variable${resolution.missing.length === 1 ? '' : 's'} ${names} ${resolution.missing.length === 1 ? 'is' : 'are'} not set`);
    }
    const { connectServer } = await import('./connect-server.js');
    const connection = await connectServer(name, resolution.server, {
      signal: this.stopping.signal,
      timeoutMs: this.options.startTimeoutMs ?? 60_000,
      graceMs: this.options.graceMs ?? 2000,
    });
    if (this.closed) {
      await connection.close(true);
      throw new McpServerError(name, 'was closed: the dispatch ended');
    }
    return connection;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
