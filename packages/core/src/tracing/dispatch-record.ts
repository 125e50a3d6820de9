import path from 'node:path';
import pLimit from 'p-limit';
import type { PlanRecord, SynthesisRecord } from './planning-records.js';
import type { DispatchIndex, TaskTrace } from './trace-format.js';
import { planRecordFile, synthesisRecordFile } from './trace-file-names.js';
import { readDispatchIndex, readTaskTrace, readTraceFile } from './trace-reader.js';

/** Everything a dispatch left in its trace directory, as exporters and reports read it. */
export interface DispatchRecord {
  readonly indexFile: string;
  readonly traceDir: string;
  readonly index: DispatchIndex;
  /** Task traces by task id; a task without one (never started, or unreadable: see `unreadable`) is absent. */
  readonly traces: ReadonlyMap<string, TaskTrace>;
  readonly plan: PlanRecord | null;
  readonly synthesis: SynthesisRecord | null;
  /** Trace files the index names that could not be read, and why (`<file>: not valid JSON …`). */
  readonly unreadable: readonly { readonly taskId: string; readonly reason: string }[];
}

/** Reads a dispatch index and the files beside it; a missing or broken task trace is reported, not thrown. */
export async function readDispatchRecord(indexFile: string): Promise<DispatchRecord> {
  const index = await readDispatchIndex(indexFile);
  const traceDir = path.dirname(indexFile);
  const limit = pLimit(32);
  const traces = new Map<string, TaskTrace>();
  const unreadable: { taskId: string; reason: string }[] = [];
  await Promise.all(
    index.tasks
      .filter((task) => task.trace_file !== null)
      .map((task) =>
        limit(async () => {
          try {
            traces.set(task.task_id, await readTaskTrace(traceDir, task.trace_file));
          } catch (error) {
            unreadable.push({ taskId: task.task_id, reason: (error as Error).message });
          }
        }),
      ),
  );
  const [plan, synthesis] = await Promise.all([optionalRecord(traceDir, planRecordFile(index.dispatch_id), 'plan'), optionalRecord(traceDir, synthesisRecordFile(index.dispatch_id), 'synthesis')]);
  return { indexFile, traceDir, index, traces, plan: plan as PlanRecord | null, synthesis: synthesis as SynthesisRecord | null, unreadable };
}

async function optionalRecord(traceDir: string, file: string, kind: 'plan' | 'synthesis'): Promise<PlanRecord | SynthesisRecord | null> {
  try {
    const read = await readTraceFile(path.join(traceDir, file));
    if (read.kind === 'plan' && kind === 'plan') return read.plan;
    if (read.kind === 'synthesis' && kind === 'synthesis') return read.synthesis;
    return null;
  } catch {
    return null;
  }
}
