import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { TraceWriteError } from '../errors/trace-write-error.js';
import { DispatchValidationError } from '../errors/validation-error.js';
import { writeFileAtomic } from './atomic-write.js';
import { copyJsonValue } from './copy-json-value.js';
import { fileErrorReason } from '../paths/file-error-reason.js';
import type { Redactor } from './redactor.js';
import { dispatchIndexFile, taskTraceFile } from './trace-file-names.js';
import type { DispatchIndex, TaskTrace } from './trace-format.js';

export interface TraceWriterOptions {
  /** Already prepared (see prepareTraceDirectory). */
  readonly traceDir: string;
  readonly dispatchId: string;
  readonly redactor: Redactor;
  /** Builds the index as it stands now; called when the index is rewritten. */
  readonly snapshotIndex: () => DispatchIndex;
  /** Most often the index is rewritten while tasks end. */
  readonly indexIntervalMs?: number;
}

/** A file of the dispatch's own (plan.json, synthesis.json), relative to the trace directory. */
export interface DispatchRecordFile {
  readonly file: string;
  readonly value: unknown;
}

/** Where a task's trace stands, as the index records it. */
export interface TaskTraceState {
  /** Relative to the trace directory; null until the file is written. */
  readonly file: string | null;
  /** Why the file could not be written; null otherwise. */
  readonly error: string | null;
}

/**
 * A large index takes a while to build and serialise (10,000 tasks: tens of
 * milliseconds), so between rewrites at least this many times as long passes:
 * keeping the index current never takes more than about 5% of the time.
 */
const INDEX_COST_FACTOR = 20;

const NOT_WRITTEN: TaskTraceState = { file: null, error: null };

/**
 * Writes a dispatch's traces off the scheduler's path: each task's file once,
 * when it ends; the index at the start, then at most every `indexIntervalMs`
 * while tasks end, and finally on close. Every write is atomic, so a crash
 * leaves the last complete version of every file, and the index names only
 * task files already written. Everything written goes through the redactor.
 */
export class TraceWriter {
  readonly indexPath: string;
  readonly taskDir: string;
  private readonly writes = pLimit(16);
  private readonly pending = new Set<Promise<void>>();
  private readonly states = new Map<string, TaskTraceState>();
  private indexChain: Promise<void> = Promise.resolve();
  private indexTimer: NodeJS.Timeout | undefined;
  /** How long the last index took to build and serialise. */
  private indexCostMs = 0;
  /** The first write that failed, in words. */
  private failure: string | undefined;
  private indexFailed = false;
  private readonly missingRecords: string[] = [];

  constructor(private readonly options: TraceWriterOptions) {
    this.indexPath = path.join(options.traceDir, dispatchIndexFile(options.dispatchId));
    this.taskDir = path.join(options.traceDir, options.dispatchId);
  }

  /**
   * Creates the dispatch's folder, writes the records known from the start
   * (plan.json), then the index with status `running`, so the index never
   * names a file not yet there; refuses the trace directory if it cannot.
   */
  async open(records: readonly DispatchRecordFile[] = []): Promise<void> {
    let created = false;
    try {
      await fs.promises.mkdir(this.taskDir);
      created = true;
      for (const record of records) await writeFileAtomic(path.join(this.options.traceDir, record.file), this.serialise(record.value));
      await writeFileAtomic(this.indexPath, this.serialise(this.options.snapshotIndex()));
    } catch (error) {
      if (created) await fs.promises.rm(this.taskDir, { recursive: true, force: true }).catch(() => undefined);
      const message = `trace directory ${this.options.traceDir} cannot be written: ${fileErrorReason(error)}`;
      throw new DispatchValidationError([{ path: 'config.trace_dir', message }]);
    }
  }

  /** Where a task's trace stands: the index calls this for every task. */
  taskTrace(taskId: string): TaskTraceState {
    return this.states.get(taskId) ?? NOT_WRITTEN;
  }

  writeTask(trace: TaskTrace): void {
    const relative = taskTraceFile(this.options.dispatchId, trace.task_id);
    const file = path.join(this.options.traceDir, relative);
    const written = this.writes(() => writeFileAtomic(file, this.serialise(trace))).then(
      () => void this.states.set(trace.task_id, { file: relative, error: null }),
      (error: unknown) => {
        const reason = fileErrorReason(error);
        this.failure ??= reason;
        this.states.set(trace.task_id, { file: null, error: `not written: ${reason}` });
      },
    );
    this.pending.add(written);
    void written.finally(() => this.pending.delete(written));
    this.indexTimer ??= setTimeout(
      () => {
        this.indexTimer = undefined;
        void this.writeIndex();
      },
      Math.max(this.options.indexIntervalMs ?? 250, INDEX_COST_FACTOR * this.indexCostMs),
    );
  }

  /** Writes a record of the dispatch's own (synthesis.json) at once; a failure is reported by `close`, like a task's. */
  async writeRecord(record: DispatchRecordFile): Promise<void> {
    try {
      await writeFileAtomic(path.join(this.options.traceDir, record.file), this.serialise(record.value));
    } catch (error) {
      this.failure ??= fileErrorReason(error);
      this.missingRecords.push(record.file);
    }
  }

  /** Waits for every task file written so far, then rewrites the index; returns it as written. */
  async flush(): Promise<DispatchIndex> {
    if (this.indexTimer !== undefined) clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
    while (this.pending.size > 0) await Promise.all(this.pending);
    return this.writeIndex();
  }

  /**
   * Waits for every task file, then writes the final index. Returns it as
   * written (redacted), and what could not be written, if anything.
   */
  async close(): Promise<{ readonly index: DispatchIndex; readonly error: TraceWriteError | undefined }> {
    const index = await this.flush();
    if (this.failure === undefined) return { index, error: undefined };
    const missing = [...this.states].filter(([, state]) => state.file === null).map(([id]) => id);
    return { index, error: new TraceWriteError(this.options.traceDir, this.failure, missing, !this.indexFailed, this.missingRecords) };
  }

  /** Builds, redacts and writes the index as it stands; returns it as written. */
  private writeIndex(): Promise<DispatchIndex> {
    const written = this.indexChain.then(async () => {
      const started = performance.now();
      const index = this.options.redactor.redactValue(this.options.snapshotIndex());
      const text = toJson(index);
      this.indexCostMs = performance.now() - started;
      try {
        await writeFileAtomic(this.indexPath, text);
        this.indexFailed = false;
      } catch (error) {
        // The index on disk stays the last one written, which names only files that exist.
        this.failure ??= fileErrorReason(error);
        this.indexFailed = true;
      }
      return index;
    });
    this.indexChain = written.then(() => undefined);
    return written;
  }

  private serialise(value: unknown): string {
    return toJson(this.options.redactor.redactValue(value));
  }
}

/** JSON that never overflows the stack: values too deep for JSON.stringify are capped first. */
function toJson(value: unknown): string {
  try {
    return `${JSON.stringify(value, null, 2)}\n`;
  } catch {
    // Too deep (RangeError), circular or a BigInt (TypeError): the capped copy serialises.
    return `${JSON.stringify(copyJsonValue(value), null, 2)}\n`;
  }
}
