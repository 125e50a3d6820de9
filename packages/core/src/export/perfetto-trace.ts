import { timelineOfRecord } from '../timeline/timeline-of-dispatch.js';
import type { Timeline, TimelineAttempt, TimelineCall, TimelineTask } from '../timeline/timeline.js';
import type { DispatchRecord } from '../tracing/dispatch-record.js';

/** One event of the Chrome trace-event format (the subset written here). */
export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'M' | 's' | 'f';
  readonly pid: number;
  readonly tid: number;
  /** Microseconds from the timeline's origin. */
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly id?: number;
  readonly bp?: 'e';
  readonly args?: Record<string, unknown>;
}

/** A Chrome trace-event document, as Perfetto and chrome://tracing open it. */
export interface ChromeTrace {
  readonly traceEvents: readonly TraceEvent[];
  readonly displayTimeUnit: 'ms';
}

const PID = 1;
/** The dispatcher's own thread (planning, synthesis; only when there were) is lane -1, above the workers. */
const DISPATCHER_LANE = -1;

/** A dispatch as Chrome trace-event JSON, from its trace files. */
export function perfettoTrace(record: DispatchRecord): string {
  return JSON.stringify(chromeTrace(timelineOfRecord(record)));
}

/**
 * A timeline as trace events: a thread per worker lane with a slice per attempt and its calls
 * nested in it, a "dispatcher" thread for planning and synthesis, calls that ran beside another
 * call on extra threads (one per lane and row, so no two slices on a thread overlap without
 * nesting), and a flow from each dependency's last attempt to its dependent's first.
 */
export function chromeTrace(timeline: Timeline): ChromeTrace {
  const micros = (time: number) => Math.round((time - timeline.origin) * 1000);
  const threads = new Map<string, { lane: number; row: number; tid: number }>();
  const tidOf = (lane: number, row: number) => {
    const key = `${lane}:${row}`;
    let thread = threads.get(key);
    if (thread === undefined) {
      thread = { lane, row, tid: threads.size + 1 };
      threads.set(key, thread);
    }
    return thread.tid;
  };
  const slices: TraceEvent[] = [];
  const slice = (name: string, cat: string, lane: number, row: number, interval: { start: number; end: number }, args: Record<string, unknown>) => {
    const ts = micros(interval.start);
    slices.push({ name, ph: 'X', cat, pid: PID, tid: tidOf(lane, row), ts, dur: micros(interval.end) - ts, args });
  };
  const calls = (lane: number, list: readonly TimelineCall[]) => {
    for (const call of list) slice(call.name, `${call.kind} call`, lane, call.row, call, callArgs(call));
  };

  for (let lane = 0; lane < timeline.laneCount; lane++) tidOf(lane, 0);
  for (const [name, stage] of [['planning', timeline.planning], ['synthesis', timeline.synthesis]] as const) {
    if (stage === null) continue;
    slice(name, 'stage', DISPATCHER_LANE, 0, stage, { input_tokens: stage.inputTokens, output_tokens: stage.outputTokens, cost_usd: stage.costUsd });
    calls(DISPATCHER_LANE, stage.calls);
  }
  for (const task of timeline.tasks) {
    for (const attempt of task.attempts) {
      slice(attempt.attempt > 1 || task.attempts.length > 1 ? `${task.taskId} (attempt ${attempt.attempt})` : task.taskId, 'task', attempt.lane, 0, attempt, attemptArgs(task, attempt));
      calls(attempt.lane, attempt.calls);
    }
  }
  return { traceEvents: [...metadata(timeline, [...threads.values()]), ...slices, ...flows(timeline, micros, tidOf)], displayTimeUnit: 'ms' };
}

function metadata(timeline: Timeline, threads: readonly { lane: number; row: number; tid: number }[]): TraceEvent[] {
  const ordered = [...threads].sort((a, b) => a.lane - b.lane || a.row - b.row);
  return [
    { name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: `dispatch ${timeline.dispatchId}` } },
    ...ordered.flatMap(({ lane, row, tid }, order): TraceEvent[] => [
      { name: 'thread_name', ph: 'M', pid: PID, tid, args: { name: threadName(lane, row) } },
      { name: 'thread_sort_index', ph: 'M', pid: PID, tid, args: { sort_index: order } },
    ]),
  ];
}

function threadName(lane: number, row: number): string {
  const base = lane === DISPATCHER_LANE ? 'dispatcher' : `worker ${lane + 1}`;
  if (row === 0) return base;
  return `${base} · parallel calls${row === 1 ? '' : ` ${row}`}`;
}

/**
 * An arrow from each dependency's last attempt to the dependent's first. Each end sits at its
 * slice's start, the one moment certainly inside it (the slice binds the end).
 */
function flows(timeline: Timeline, micros: (time: number) => number, tidOf: (lane: number, row: number) => number): TraceEvent[] {
  const byId = new Map(timeline.tasks.map((task) => [task.taskId, task]));
  const events: TraceEvent[] = [];
  let id = 0;
  for (const task of timeline.tasks) {
    const first = task.attempts[0];
    if (first === undefined) continue;
    for (const dependency of task.dependencies) {
      const last = byId.get(dependency)?.attempts.at(-1);
      if (last === undefined) continue;
      id += 1;
      const name = `${dependency} → ${task.taskId}`;
      events.push({ name, ph: 's', cat: 'dependency', id, pid: PID, tid: tidOf(last.lane, 0), ts: micros(last.start) });
      events.push({ name, ph: 'f', bp: 'e', cat: 'dependency', id, pid: PID, tid: tidOf(first.lane, 0), ts: micros(first.start) });
    }
  }
  return events;
}

/**
 * What an attempt's slice shows. Tokens and cost are the task's when it was tried once (so they
 * agree with the index); a retried task's attempts each count the model calls they made.
 */
function attemptArgs(task: TimelineTask, attempt: TimelineAttempt): Record<string, unknown> {
  const once = task.attempts.length === 1;
  const modelCalls = attempt.calls.filter((call) => call.kind === 'model');
  const costs = modelCalls.map((call) => call.costUsd);
  return {
    status: attempt.status,
    agent: task.agent,
    attempt: attempt.attempt,
    input_tokens: once ? task.inputTokens : modelCalls.reduce((sum, call) => sum + call.inputTokens, 0),
    output_tokens: once ? task.outputTokens : modelCalls.reduce((sum, call) => sum + call.outputTokens, 0),
    cost_usd: once ? task.costUsd : costs.includes(null) ? null : costs.reduce<number>((sum, cost) => sum + cost!, 0),
    cache: task.cache,
    error: attempt.error === null ? null : `${attempt.error.kind}: ${attempt.error.message}`,
  };
}

function callArgs(call: TimelineCall): Record<string, unknown> {
  return call.kind === 'model'
    ? { input_tokens: call.inputTokens, output_tokens: call.outputTokens, cost_usd: call.costUsd, error: call.error }
    : { error: call.error };
}
