import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DISPATCH_INDEX_PATTERN } from './dispatch-id.js';
import { TRACE_SCHEMA_VERSION, type DispatchIndex, type TaskTrace } from './trace-format.js';

const errorSchema = z.object({ kind: z.string(), message: z.string() }).nullable();

// Readers check the fields they rely on and keep the rest as written.
const indexSchema = z
  .object({
    schema_version: z.number().int(),
    dispatch_id: z.string(),
    correlation_id: z.string(),
    started_at: z.string(),
    status: z.enum(['running', 'success', 'failure', 'cancelled']),
    summary: z.object({ total: z.number() }).loose(),
    tasks: z.array(
      z.object({ task_id: z.string(), agent: z.string(), status: z.string(), error: errorSchema, trace_file: z.string().nullable() }).loose(),
    ),
  })
  .loose();

const taskTraceSchema = z
  .object({ schema_version: z.number().int(), task_id: z.string(), agent: z.string(), status: z.string(), error: errorSchema })
  .loose();

/** A trace file that cannot be read as one; names the file and what is wrong. */
export class TraceReadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'TraceReadError';
  }
}

/** Dispatch index files in a trace directory, newest first. Empty when the directory does not exist. */
export async function listDispatchIndexes(traceDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(traceDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => DISPATCH_INDEX_PATTERN.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(traceDir, name));
}

export async function readDispatchIndex(file: string): Promise<DispatchIndex> {
  return (await readTraceJson(file, indexSchema)) as unknown as DispatchIndex;
}

/** A task's trace, from the `trace_file` its index entry names (null: none was written, see its `trace_error`). */
export async function readTaskTrace(traceDir: string, traceFile: string | null): Promise<TaskTrace> {
  if (traceFile === null) throw new TraceReadError(traceDir, 'no trace file was written for this task');
  const file = path.resolve(traceDir, traceFile);
  if (path.relative(traceDir, file).startsWith('..')) throw new TraceReadError(traceFile, 'the trace file lies outside the trace directory');
  return (await readTraceJson(file, taskTraceSchema)) as unknown as TaskTrace;
}

/**
 * Durations of the tasks that succeeded in the newest finished dispatch, by
 * task id: what the scheduler expects them to take next time.
 */
export async function readDurationHistory(traceDir: string): Promise<Map<string, number>> {
  for (const file of (await listDispatchIndexes(traceDir)).slice(0, 5)) {
    let index: DispatchIndex;
    try {
      index = await readDispatchIndex(file);
    } catch {
      continue;
    }
    if (index.status === 'running' || index.dry_run) continue;
    const durations = new Map<string, number>();
    for (const task of index.tasks) if (task.status === 'success' && task.duration_ms !== null) durations.set(task.task_id, task.duration_ms);
    return durations;
  }
  return new Map();
}

async function readTraceJson(file: string, schema: z.ZodType): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new TraceReadError(file, error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new TraceReadError(file, `not a Parallel Dispatcher trace (${first.path.join('.') || 'document'}: ${first.message})`);
  }
  const version = (value as { schema_version: number }).schema_version;
  if (version > TRACE_SCHEMA_VERSION) throw new TraceReadError(file, `written by a newer version (schema ${version}); update Parallel Dispatcher`);
  return value;
}
