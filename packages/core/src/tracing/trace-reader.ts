import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorMarker, hasErrorMarker } from '../errors/error-marker.js';
import { pathInsideRoot } from '../paths/path-inside-root.js';
import { isDispatchIndexFile } from './trace-file-names.js';
import type { PlanRecord, SynthesisRecord } from './planning-records.js';
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
    summary: z.object({ total: z.number(), tool_calls: z.number().int().default(0), cache: z.unknown().default(null) }).loose(),
    tasks: z.array(
      z
        .object({ task_id: z.string(), agent: z.string(), status: z.string(), error: errorSchema, trace_file: z.string().nullable(), tool_calls: z.number().int().default(0), cache: z.unknown().default(null) })
        .loose(),
    ),
  })
  .loose();

const taskTraceSchema = z
  .object({ schema_version: z.number().int(), task_id: z.string(), agent: z.string(), status: z.string(), error: errorSchema, tool_calls: z.array(z.unknown()).default([]), cache: z.unknown().default(null) })
  .loose();

const planRecordSchema = z.object({ schema_version: z.number().int(), request: z.string(), rounds: z.array(z.unknown()), model_calls: z.array(z.unknown()) }).loose();

const synthesisRecordSchema = z
  .object({ schema_version: z.number().int(), request: z.string(), answer: z.object({ answer: z.string() }).loose().nullable(), error: z.string().nullable(), model_calls: z.array(z.unknown()) })
  .loose();

const traceReadMarker = errorMarker('TraceReadError');

/** A trace file that cannot be read as one; names the file and what is wrong. */
export class TraceReadError extends Error {
  readonly [traceReadMarker] = true;

  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'TraceReadError';
  }

  static isInstance(value: unknown): value is TraceReadError {
    return hasErrorMarker(value, traceReadMarker);
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
  const files = names
    .filter((name) => isDispatchIndexFile(name))
    .sort()
    .reverse()
    .map((name) => path.join(traceDir, name));
  return newestFirstWithinASecond(files);
}

/**
 * Ids tell the second a dispatch started, not the order within it (a run and
 * its rerun, scripts): there the index written last counts as the newest.
 */
async function newestFirstWithinASecond(files: string[]): Promise<string[]> {
  const second = (file: string) => path.basename(file).slice(0, 'dispatch-YYYYMMDD_HHMMSS'.length);
  const shared = files.filter((file, at) => second(file) === second(files[at - 1] ?? '') || second(file) === second(files[at + 1] ?? ''));
  if (shared.length === 0) return files;
  const written = new Map(await Promise.all(shared.map(async (file) => [file, (await fs.stat(file).catch(() => undefined))?.mtimeMs ?? 0] as const)));
  return files
    .map((file, order) => ({ file, order }))
    .sort((a, b) => (second(a.file) === second(b.file) ? written.get(b.file)! - written.get(a.file)! : 0) || a.order - b.order)
    .map(({ file }) => file);
}

export async function readDispatchIndex(file: string): Promise<DispatchIndex> {
  return asIndex(checkTrace(file, await readJson(file), indexSchema));
}

/** An index as this version writes it: fields added since (planning, synthesis, costs, budgets) are null in older ones. */
function asIndex(value: unknown): DispatchIndex {
  const index = value as DispatchIndex;
  const stages = index.summary.tokens_by_stage;
  return {
    ...index,
    planned_from: index.planned_from ?? null,
    synthesis: index.synthesis === undefined || index.synthesis === null ? null : { ...index.synthesis, cost_usd: index.synthesis.cost_usd ?? null },
    summary: {
      ...index.summary,
      tokens_by_stage:
        stages === undefined || stages === null
          ? null
          : { planning: withCost(stages.planning), tasks: withCost(stages.tasks), synthesis: withCost(stages.synthesis) },
      cost_usd: index.summary.cost_usd ?? null,
      budget: index.summary.budget ?? null,
    },
    tasks: index.tasks.map((task) => ({ ...task, cost_usd: task.cost_usd ?? null })),
  };
}

/** A task trace as this version writes it: costs and budgets are null in older ones. */
function asTaskTrace(value: unknown): TaskTrace {
  const trace = value as TaskTrace;
  return { ...trace, cost_usd: trace.cost_usd ?? null, budget: trace.budget ?? null, model_calls: (trace.model_calls ?? []).map(withCost) };
}

function withCost<T extends { readonly cost_usd?: number | null }>(value: T): T & { readonly cost_usd: number | null } {
  return { ...value, cost_usd: value.cost_usd ?? null };
}

/** A trace file of any kind, as a reader that was handed "a trace" finds it. */
export type TraceFile =
  | { readonly kind: 'index'; readonly file: string; readonly index: DispatchIndex }
  | { readonly kind: 'task'; readonly file: string; readonly trace: TaskTrace }
  /** `<dispatch id>/plan.json` */
  | { readonly kind: 'plan'; readonly file: string; readonly plan: PlanRecord }
  /** `<dispatch id>/synthesis.json` */
  | { readonly kind: 'synthesis'; readonly file: string; readonly synthesis: SynthesisRecord };

/** Reads a dispatch index, a task trace, a plan.json or a synthesis.json, telling them apart by their contents. */
export async function readTraceFile(file: string): Promise<TraceFile> {
  const value = await readJson(file);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if ('tasks' in value) return { kind: 'index', file, index: asIndex(checkTrace(file, value, indexSchema)) };
    if ('task_id' in value) return { kind: 'task', file, trace: asTaskTrace(checkTrace(file, value, taskTraceSchema)) };
    if ('rounds' in value) return { kind: 'plan', file, plan: checkTrace(file, value, planRecordSchema) as unknown as PlanRecord };
    if ('answer' in value && 'request' in value) return { kind: 'synthesis', file, synthesis: checkTrace(file, value, synthesisRecordSchema) as unknown as SynthesisRecord };
  }
  throw new TraceReadError(file, 'not a Parallel Dispatcher trace (neither a dispatch index, a task trace, a plan.json nor a synthesis.json)');
}

/** A task's trace, from the `trace_file` its index entry names (null: none was written, see its `trace_error`). */
export async function readTaskTrace(traceDir: string, traceFile: string | null): Promise<TaskTrace> {
  if (traceFile === null) throw new TraceReadError(traceDir, 'no trace file was written for this task');
  const file = path.resolve(traceDir, traceFile);
  if (pathInsideRoot(file, traceDir) === undefined) throw new TraceReadError(traceFile, 'the trace file lies outside the trace directory');
  return asTaskTrace(checkTrace(file, await readJson(file), taskTraceSchema));
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

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new TraceReadError(file, error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message);
  }
}

function checkTrace(file: string, value: unknown, schema: z.ZodType): unknown {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new TraceReadError(file, `not a Parallel Dispatcher trace (${first.path.join('.') || 'document'}: ${first.message})`);
  }
  const version = (value as { schema_version: number }).schema_version;
  if (version > TRACE_SCHEMA_VERSION) throw new TraceReadError(file, `written by a newer version (schema ${version}); update Parallel Dispatcher`);
  return value;
}
