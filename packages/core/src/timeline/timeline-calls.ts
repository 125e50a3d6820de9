import type { ModelCallRecord } from '../tracing/model-call-record.js';
import type { ToolCallRecord } from '../tracing/tool-call-record.js';
import { assignRows } from './assign-rows.js';
import type { TimelineCall, TimelineInterval } from './timeline.js';

type Call = Omit<TimelineCall, 'row'>;

/** A trace's model calls as timeline calls, in trace order (not yet placed inside anything). */
export function modelCalls(calls: readonly Pick<ModelCallRecord, 'provider' | 'model' | 'started_at' | 'duration_ms' | 'input_tokens' | 'output_tokens' | 'cost_usd' | 'error'>[]): Call[] {
  return calls.map((call, index) => {
    const start = Date.parse(call.started_at);
    return {
      kind: 'model',
      name: `${call.provider}/${call.model}`,
      start,
      end: start + call.duration_ms,
      durationMs: call.duration_ms,
      inputTokens: call.input_tokens,
      outputTokens: call.output_tokens,
      costUsd: call.cost_usd ?? null,
      error: call.error ?? null,
      index,
    };
  });
}

/** A trace's tool calls as timeline calls, in trace order. */
export function toolCalls(calls: readonly Pick<ToolCallRecord, 'server' | 'tool' | 'started_at' | 'duration_ms' | 'error'>[]): Call[] {
  return calls.map((call, index) => {
    const start = Date.parse(call.started_at);
    return { kind: 'tool', name: `${call.server}/${call.tool}`, start, end: start + call.duration_ms, durationMs: call.duration_ms, inputTokens: 0, outputTokens: 0, costUsd: null, error: call.error, index };
  });
}

/**
 * Calls kept inside their parent (clock steps between the clocks that timed them aside), in
 * start order, on rows where none overlaps another. Calls with an unreadable time are left out.
 */
export function nestCalls(calls: readonly Call[], parent: TimelineInterval): TimelineCall[] {
  const inside = calls
    .filter((call) => Number.isFinite(call.start) && Number.isFinite(call.end))
    .map((call) => {
      const start = Math.min(Math.max(call.start, parent.start), parent.end);
      return { ...call, start, end: Math.min(Math.max(call.end, start), parent.end) };
    })
    .sort((a, b) => a.start - b.start || (a.kind === b.kind ? a.index - b.index : a.kind === 'model' ? -1 : 1));
  const rows = assignRows(inside);
  return inside.map((call, at) => ({ ...call, row: rows[at]! }));
}

/** Which of the intervals a moment belongs to: the one holding it, else the nearest (null when there are none). */
export function intervalAt<T extends TimelineInterval>(intervals: readonly T[], at: number): T | null {
  let nearest: T | null = null;
  let distance = Infinity;
  for (const interval of intervals) {
    if (at >= interval.start && at < interval.end) return interval;
    const away = at < interval.start ? interval.start - at : at > interval.end ? at - interval.end : 0;
    if (away < distance) {
      nearest = interval;
      distance = away;
    }
  }
  return nearest;
}
