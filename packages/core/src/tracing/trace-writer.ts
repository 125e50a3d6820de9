import fs from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { writeFileAtomic } from './atomic-write.js';
import type { Redactor } from './redactor.js';
import { dispatchIndexFile, taskTraceFile } from './trace-file-names.js';
import type { DispatchIndex, TaskTrace } from './trace-format.js';

export interface TraceWriterOptions {
  readonly traceDir: string;
  readonly dispatchId: string;
  readonly redactor: Redactor;
  /** Builds the index as it stands now; called when the index is rewritten. */
  readonly snapshotIndex: () => DispatchIndex;
  /** Most often the index is rewritten while tasks end. */
  readonly indexIntervalMs?: number;
}

/**
 * A large index takes a while to build and serialise (10,000 tasks: tens of
 * milliseconds), so between rewrites at least this many times as long passes:
 * keeping the index current never takes more than about 5% of the time.
 */
const INDEX_COST_FACTOR = 20;

/**
 * Writes a dispatch's traces off the scheduler's path: each task's file once,
 * when it ends; the index at the start, then at most every `indexIntervalMs`
 * while tasks end, and finally on close. Every write is atomic, so a crash
 * leaves the last complete version of every file.
 */
export class TraceWriter {
  readonly indexPath: string;
  readonly taskDir: string;
  private readonly writes = pLimit(16);
  private readonly pending = new Set<Promise<void>>();
  private indexChain: Promise<void> = Promise.resolve();
  private indexTimer: NodeJS.Timeout | undefined;
  /** How long the last index took to build and serialise. */
  private indexCostMs = 0;
  private failure: unknown;

  constructor(private readonly options: TraceWriterOptions) {
    this.indexPath = path.join(options.traceDir, dispatchIndexFile(options.dispatchId));
    this.taskDir = path.join(options.traceDir, options.dispatchId);
  }

  /** Creates the folders and writes the index with status `running`. */
  async open(): Promise<void> {
    await fs.mkdir(this.taskDir, { recursive: true });
    await this.writeIndex();
  }

  /** Path of a task's trace relative to the trace directory, as the index records it. */
  taskFile(taskId: string): string {
    return taskTraceFile(this.options.dispatchId, taskId);
  }

  writeTask(trace: TaskTrace): void {
    const file = path.join(this.options.traceDir, this.taskFile(trace.task_id));
    this.track(this.writes(() => writeFileAtomic(file, this.serialise(trace))));
    this.indexTimer ??= setTimeout(
      () => {
        this.indexTimer = undefined;
        this.track(this.writeIndex());
      },
      Math.max(this.options.indexIntervalMs ?? 250, INDEX_COST_FACTOR * this.indexCostMs),
    );
  }

  /** Waits for every task file, then writes the final index and returns it. Throws the first write failure. */
  async close(): Promise<DispatchIndex> {
    if (this.indexTimer !== undefined) clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
    while (this.pending.size > 0) await Promise.all(this.pending);
    const index = this.options.snapshotIndex();
    await this.writeIndex(index);
    if (this.failure !== undefined) throw this.failure;
    return index;
  }

  private writeIndex(index?: DispatchIndex): Promise<void> {
    this.indexChain = this.indexChain
      .catch(() => undefined)
      .then(() => {
        const started = performance.now();
        const text = this.serialise(index ?? this.options.snapshotIndex());
        this.indexCostMs = performance.now() - started;
        return writeFileAtomic(this.indexPath, text);
      });
    return this.indexChain;
  }

  private track(write: Promise<void>): void {
    const tracked = write.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private serialise(value: unknown): string {
    return `${this.options.redactor.redact(JSON.stringify(value, null, 2))}\n`;
  }
}
