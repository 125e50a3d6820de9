import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { builtInAgents } from '../agents/built-in-agents.js';
import { prepareDispatch } from '../dispatch/prepare-dispatch.js';
import type { TaskSpec } from '../schema/dispatch-schema.js';
import type { DispatchIndex, TaskTrace } from '../tracing/trace-format.js';
import { readDispatchIndex, readTaskTrace } from '../tracing/trace-reader.js';
import type { RerunSource } from './plan-rerun.js';

/**
 * A finished dispatch as `planRerun` needs it: its index, the task traces
 * that can be read, and the original file's tasks when that file still exists
 * unchanged. Throws `TraceReadError` when the index cannot be read.
 */
export async function readRerunSource(indexPath: string): Promise<RerunSource> {
  const index = await readDispatchIndex(indexPath);
  const traceDir = path.dirname(indexPath);
  const traces = new Map<string, TaskTrace>();
  await Promise.all(
    index.tasks.map(async (task) => {
      const trace = await readTaskTrace(traceDir, task.trace_file).catch(() => undefined);
      if (trace !== undefined) traces.set(task.task_id, trace);
    }),
  );
  const originalTasks = await originalTaskSpecs(originalFile(index));
  return { index, traces, ...(originalTasks === undefined ? {} : { originalTasks }) };
}

/** Where the dispatch's file is, and the hash it had; null when there is nothing to compare with. */
interface OriginalFile {
  readonly path: string;
  readonly sha256: string | null;
}

function originalFile(index: DispatchIndex): OriginalFile | undefined {
  const source = index.source as DispatchIndex['source'] | undefined;
  if (source?.path != null) return { path: source.path, sha256: source.sha256 };
  // A plan that was never written to a file: core wrote it into the dispatch's own folder
  // (redacted and with its workspace made absolute, so no hash of the planned text fits it).
  if (index.planned_from !== null) return { path: index.planned_from.plan_file, sha256: null };
  return undefined;
}

/** The original file's tasks, when it still exists unchanged: they carry timeouts, retries and models the traces do not. */
async function originalTaskSpecs(file: OriginalFile | undefined): Promise<Map<string, TaskSpec> | undefined> {
  if (file === undefined) return undefined;
  const sourcePath = file.path;
  try {
    const text = await fs.readFile(sourcePath, 'utf8');
    if (file.sha256 !== null && createHash('sha256').update(text).digest('hex') !== file.sha256) return undefined;
    const prepared = prepareDispatch({ text, sourcePath, cwd: path.dirname(sourcePath), agents: builtInAgents(), hostSuppliesModel: true, changedFiles: [] });
    return new Map([...prepared.tasks].map(([id, task]) => [id, task.spec]));
  } catch {
    // Changed so that it no longer validates, or unreadable: the traces say what ran.
    return undefined;
  }
}
