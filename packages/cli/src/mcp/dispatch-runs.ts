import path from 'node:path';
import { describeEvent, runDispatch, TaskCancelledError, type CacheOptions, type DispatchEvent, type DispatchResult, type PreparedDispatch } from '@parallel-dispatcher/core';
import { ToolInputError } from './tool-input-error.js';

/** How far a dispatch has come, for progress notifications: tasks ended of all, and the line that says what just happened. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

/** One dispatch a client started. */
export interface DispatchRun {
  readonly id: string;
  readonly traceIndex: string;
  /** The folder of its task traces. */
  readonly traceFolder: string;
  readonly prepared: PreparedDispatch;
  /** Each task's status as the events say while it runs. */
  readonly statuses: ReadonlyMap<string, string>;
  /** Set once the dispatch has ended (traces written). */
  readonly result: DispatchResult | undefined;
  /** Why runDispatch failed, when it did (not a task's failure). */
  readonly failure: string | undefined;
  readonly ended: Promise<void>;
  onProgress(listener: (progress: RunProgress) => void): () => void;
}

/**
 * The dispatches this server started, by id: starting one returns as soon as
 * its traces exist; cancelling aborts it as a signal does on the command line.
 */
export class DispatchRuns {
  private readonly runs = new Map<string, DispatchRun & { cancel(): void }>();
  private starting = 0;

  /**
   * `maxRunning`: dispatches running (or starting) at once; one more is refused.
   * `cache`: the result cache every dispatch uses (none with --no-cache).
   */
  constructor(
    private readonly maxRunning: number,
    private readonly cache: CacheOptions | undefined,
  ) {}

  /** Starts a dispatch; resolves once it has an id and a trace index (rejects when it could not start). */
  async start(prepared: PreparedDispatch): Promise<DispatchRun> {
    const running = [...this.runs.values()].filter((run) => run.result === undefined && run.failure === undefined);
    if (running.length + this.starting >= this.maxRunning) {
      throw new ToolInputError(
        `this server runs at most ${this.maxRunning} dispatch(es) at once (its --max-dispatches) and ${running.length + this.starting} already run${running.length === 0 ? '' : ` (${running.map((run) => run.id).join(', ')})`}: wait for one to end (get_dispatch) or cancel one`,
      );
    }
    this.starting += 1;
    try {
      return await this.launch(prepared);
    } finally {
      this.starting -= 1;
    }
  }

  private launch(prepared: PreparedDispatch): Promise<DispatchRun> {
    const controller = new AbortController();
    const statuses = new Map(prepared.graph.ids.map((id) => [id, 'pending']));
    const listeners = new Set<(progress: RunProgress) => void>();
    let done = 0;
    return new Promise((resolve, reject) => {
      let run: (DispatchRun & { cancel(): void; result: DispatchResult | undefined; failure: string | undefined }) | undefined;
      const onEvent = (event: DispatchEvent) => {
        if (event.type === 'dispatch-started') {
          run = {
            id: event.dispatch_id,
            traceIndex: event.trace_index,
            traceFolder: path.join(path.dirname(event.trace_index), event.dispatch_id),
            prepared,
            statuses,
            result: undefined,
            failure: undefined,
            ended,
            onProgress: (listener) => {
              listeners.add(listener);
              return () => listeners.delete(listener);
            },
            cancel: () => controller.abort(new TaskCancelledError('cancelled by the MCP client')),
          };
          this.runs.set(run.id, run);
          resolve(run);
        }
        if (event.type === 'task-started') statuses.set(event.task_id, 'running');
        if (event.type === 'task-queued') statuses.set(event.task_id, 'queued');
        if (event.type === 'task-retrying') statuses.set(event.task_id, 'retrying');
        if (event.type === 'task-finished') {
          statuses.set(event.task_id, event.status);
          done += 1;
        }
        const message = describeEvent(event);
        if (message !== undefined) for (const listener of listeners) listener({ done, total: statuses.size, message });
      };
      const ended = runDispatch(prepared, { env: process.env, signal: controller.signal, onEvent, ...(this.cache === undefined ? {} : { cache: this.cache }) }).then(
        (result) => {
          if (run !== undefined) run.result = result;
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (run === undefined) reject(error);
          else run.failure = message;
        },
      );
    });
  }

  get(id: string): DispatchRun {
    const run = this.runs.get(id);
    if (run === undefined) {
      const known = [...this.runs.keys()];
      throw new ToolInputError(`no dispatch "${id}" was started by this server${known.length === 0 ? '' : `; its dispatches: ${known.join(', ')}`}`);
    }
    return run;
  }

  /** Cancels a running dispatch; resolves once its traces are complete. */
  async cancel(id: string): Promise<DispatchRun> {
    const run = this.get(id) as DispatchRun & { cancel(): void };
    run.cancel();
    await run.ended;
    return run;
  }

  /** On shutdown: every running dispatch cancelled, its traces completed. */
  async cancelAll(): Promise<void> {
    for (const run of this.runs.values()) if (run.result === undefined) run.cancel();
    await Promise.all([...this.runs.values()].map((run) => run.ended));
  }
}
