import { criticalPath, formatDuration, type TaskStatus } from '@parallel-dispatcher/core';
import type { DispatchState, TaskState } from '../traces/dispatch-state.js';

export interface GanttRow {
  readonly taskId: string;
  readonly agent: string;
  readonly status: TaskStatus;
  /** Position of the bar as percentages of the time axis; undefined for tasks that never started. */
  readonly bar: { readonly left: number; readonly width: number } | undefined;
  readonly duration: string;
  /** Offset of the start from the dispatch's start, e.g. `+1.2 s`. */
  readonly offset: string;
  /** On the longest chain of dependent tasks: what bounded the dispatch's duration. */
  readonly critical: boolean;
  readonly error: string | undefined;
}

export interface GanttLayout {
  readonly totalMs: number;
  readonly ticks: readonly { readonly percent: number; readonly label: string }[];
  readonly rows: readonly GanttRow[];
  /** Most tasks that ran at the same time. */
  readonly peakParallelism: number;
}

const MIN_BAR_PERCENT = 0.4;

/** Lays a dispatch out as a gantt chart: one row per task in start order, on a shared time axis. */
export function layoutGantt(dispatch: DispatchState, now: number): GanttLayout {
  const origin = dispatch.startedAt;
  const endOf = (task: TaskState) => task.endedAt ?? (task.startedAt !== null && (task.status === 'running' || task.status === 'retrying') ? now : task.startedAt);
  const lastEnd = Math.max(dispatch.endedAt ?? (dispatch.status === 'running' ? now : origin), ...dispatch.tasks.map((task) => endOf(task) ?? origin));
  const totalMs = Math.max(1, lastEnd - origin);
  const percent = (time: number) => Math.min(100, Math.max(0, ((time - origin) / totalMs) * 100));
  const durations = new Map(dispatch.tasks.map((task) => [task.taskId, task.durationMs ?? 0]));
  const critical = new Set(criticalPath(dispatch.tasks.map((task) => ({ id: task.taskId, dependencies: task.dependencies })), (id) => durations.get(id) ?? 0).ids);
  const started = dispatch.tasks.filter((task) => task.startedAt !== null).sort((a, b) => a.startedAt! - b.startedAt! || a.taskId.localeCompare(b.taskId));
  const never = dispatch.tasks.filter((task) => task.startedAt === null);
  const rows = [...started, ...never].map((task): GanttRow => {
    const end = endOf(task);
    const bar =
      task.startedAt === null || end === null
        ? undefined
        : { left: round(percent(task.startedAt)), width: round(Math.max(MIN_BAR_PERCENT, percent(end) - percent(task.startedAt))) };
    return {
      taskId: task.taskId,
      agent: task.agent,
      status: task.status,
      bar,
      duration: task.startedAt === null ? task.status : formatDuration((end ?? task.startedAt) - task.startedAt),
      offset: task.startedAt === null ? '' : `+${formatDuration(task.startedAt - origin, '') || '0 ms'}`,
      critical: critical.has(task.taskId),
      error: task.error === null ? undefined : `${task.error.kind}: ${task.error.message}`,
    };
  });
  return { totalMs, ticks: ticks(totalMs), rows, peakParallelism: peakParallelism(started, endOf) };
}

/** Axis marks at a round step (1, 2 or 5 × 10ⁿ ms), about six of them. */
export function ticks(totalMs: number): { percent: number; label: string }[] {
  const raw = totalMs / 6;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const marks: { percent: number; label: string }[] = [];
  for (let at = 0; at <= totalMs + 1e-9; at += step) marks.push({ percent: round((at / totalMs) * 100), label: at === 0 ? '0' : formatDuration(at) });
  return marks;
}

function peakParallelism(tasks: readonly TaskState[], endOf: (task: TaskState) => number | null): number {
  const edges = tasks.flatMap((task) => [
    { at: task.startedAt!, delta: 1 },
    { at: endOf(task) ?? task.startedAt!, delta: -1 },
  ]);
  // Ends before starts at the same instant: a task that starts as another ends does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let peak = 0;
  for (const edge of edges) {
    running += edge.delta;
    peak = Math.max(peak, running);
  }
  return peak;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
