import { buildTimeline, formatDuration, timeTicks, type TaskStatus, type TimelineSource } from '@parallel-dispatcher/core';
import type { DispatchState } from '../traces/dispatch-state.js';

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
  /** Most tasks that ran at the same time (the timeline's worker lanes). */
  readonly peakParallelism: number;
}

const MIN_BAR_PERCENT = 0.4;

/** Lays a dispatch out as a gantt chart: one row per task in start order, on core's timeline of it. */
export function layoutGantt(dispatch: DispatchState, now: number): GanttLayout {
  const timeline = buildTimeline(timelineSource(dispatch), now);
  const percent = (time: number) => Math.min(100, Math.max(0, ((time - timeline.origin) / timeline.totalMs) * 100));
  const rows = timeline.tasks.map((task): GanttRow => {
    const span = task.span;
    return {
      taskId: task.taskId,
      agent: task.agent,
      status: task.status,
      bar: span === null ? undefined : { left: round(percent(span.start)), width: round(Math.max(MIN_BAR_PERCENT, percent(span.end) - percent(span.start))) },
      duration: span === null ? task.status : formatDuration(span.end - span.start),
      offset: span === null ? '' : `+${formatDuration(span.start - timeline.origin, '') || '0 ms'}`,
      critical: task.critical,
      error: task.error === null ? undefined : `${task.error.kind}: ${task.error.message}`,
    };
  });
  return { totalMs: timeline.totalMs, ticks: ticks(timeline.totalMs), rows, peakParallelism: timeline.laneCount };
}

function timelineSource(dispatch: DispatchState): TimelineSource {
  return {
    dispatchId: dispatch.dispatchId,
    startedAt: dispatch.startedAt,
    endedAt: dispatch.status === 'running' ? null : (dispatch.endedAt ?? dispatch.startedAt),
    tasks: dispatch.tasks,
  };
}

/** Axis marks at a round step (1, 2 or 5 × 10ⁿ ms), about six of them. */
export function ticks(totalMs: number): { percent: number; label: string }[] {
  return timeTicks(totalMs, 6).map((tick) => ({ percent: round((tick.at / totalMs) * 100), label: tick.at === 0 ? '0' : tick.label }));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
