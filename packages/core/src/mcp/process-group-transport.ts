import { spawn, type ChildProcess } from 'node:child_process';
import { ReadBuffer, serializeMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';
import { killGroup, trackGroup, untrackGroup } from './process-groups.js';
import { StderrTail } from './stderr-tail.js';

export interface ProcessGroupTransportOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** How long a server has to exit after SIGTERM before its group is killed. */
  readonly graceMs: number;
}

/**
 * MCP over a child's stdin/stdout, like the SDK's StdioClientTransport, but
 * the child leads its own process group: closing kills everything it
 * started (an `npx` wrapper's node, a shell's children), not just itself.
 */
export class ProcessGroupTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly stderr = new StderrTail();
  /** How the process ended; undefined while it runs. */
  exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null } | undefined;
  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private exited: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(private readonly options: ProcessGroupTransportOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True once close() was asked for: the process ending is then expected. */
  get closed(): boolean {
    return this.closing;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, [...this.options.args], {
        cwd: this.options.cwd,
        env: this.options.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((settle) => child.once('close', () => settle()));
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => {
        trackGroup(child.pid!);
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
      });
      child.once('close', () => {
        if (child.pid !== undefined) untrackGroup(child.pid);
        this.onclose?.();
      });
      child.stderr!.on('data', (chunk: Buffer) => this.stderr.append(chunk));
      child.stdin!.on('error', (error) => this.onerror?.(error));
      child.stdout!.on('data', (chunk: Buffer) => {
        try {
          this.buffer.append(chunk);
        } catch (error) {
          // A message over the SDK's 10 MB limit: the server is unusable, and stopped.
          this.onerror?.(error as Error);
          void this.close(true);
          return;
        }
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.buffer.readMessage();
          } catch (error) {
            // A line that is not JSON-RPC (a server logging to stdout) is reported, not fatal.
            this.onerror?.(error as Error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (stdin === undefined || stdin === null || !stdin.writable) {
        reject(new Error('the server is not running'));
        return;
      }
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Ends the server's group: SIGTERM, then SIGKILL after the grace (at once with `now`). */
  async close(now = false): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (child?.pid === undefined) return;
    const group = child.pid;
    if (this.exit === undefined) {
      child.stdin?.end();
      killGroup(group, now ? 'SIGKILL' : 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, now ? 0 : this.options.graceMs)))]);
      clearTimeout(timer);
    }
    // Whatever the server left behind in its group goes too.
    killGroup(group, 'SIGKILL');
    untrackGroup(group);
    await this.exited;
  }
}
