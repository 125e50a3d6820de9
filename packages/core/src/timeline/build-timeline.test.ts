import { describe, expect, it } from 'vitest';
import { buildTimeline } from './build-timeline.js';
import type { TimelineTaskSource } from './timeline-source.js';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

function task(taskId: string, start: number | null, end: number | null, extra: Partial<TimelineTaskSource> = {}): TimelineTaskSource {
  return {
    taskId,
    agent: 'shell',
    file: null,
    status: start === null ? 'skipped' : 'success',
    dependencies: [],
    startedAt: start === null ? null : T0 + start,
    endedAt: end === null ? null : T0 + end,
    durationMs: start === null || end === null ? null : end - start,
    attempts: start === null ? 0 : 1,
    error: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    cache: null,
    ...extra,
  };
}

describe('buildTimeline', () => {
  it('puts attempts on as many lanes as ran at once, none overlapping on a lane', () => {
    const timeline = buildTimeline(
      { dispatchId: 'd', startedAt: T0, endedAt: T0 + 300, tasks: [task('a', 0, 100), task('b', 0, 200), task('c', 100, 300, { dependencies: ['a'] }), task('d', 200, 300), task('e', null, null)] },
      0,
    );
    expect(timeline.laneCount).toBe(2);
    const lanes = new Map<number, { start: number; end: number }[]>();
    for (const attempt of timeline.tasks.flatMap((t) => t.attempts)) lanes.set(attempt.lane, [...(lanes.get(attempt.lane) ?? []), attempt]);
    for (const intervals of lanes.values()) {
      intervals.sort((x, y) => x.start - y.start);
      for (let i = 1; i < intervals.length; i++) expect(intervals[i]!.start).toBeGreaterThanOrEqual(intervals[i - 1]!.end);
    }
    expect(timeline.tasks.map((t) => t.taskId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(timeline.tasks.at(-1)!.span).toBeNull();
    expect(timeline.criticalPath).toEqual({ ids: ['a', 'c'], lengthMs: 300 });
    expect(timeline.tasks.filter((t) => t.critical).map((t) => t.taskId)).toEqual(['a', 'c']);
    expect(timeline.totalMs).toBe(300);
  });

  it('takes attempts and calls from the trace, nesting calls in the attempt that made them', () => {
    const trace = {
      attempts: [
        { attempt: 1, started_at: iso(0), ended_at: iso(100), duration_ms: 100, status: 'error' as const, error: { kind: 'agent' as const, message: 'boom' } },
        { attempt: 2, started_at: iso(150), ended_at: iso(400), duration_ms: 250, status: 'success' as const },
      ],
      model_calls: [
        { provider: 'openai', model: 'm', started_at: iso(10), duration_ms: 80, input_tokens: 5, output_tokens: 7, cost_usd: 0.001, finish_reason: 'stop', attempts: 1, messages: [], reply: '' },
        { provider: 'openai', model: 'm', started_at: iso(160), duration_ms: 500, input_tokens: 1, output_tokens: 2, cost_usd: null, finish_reason: 'stop', attempts: 1, messages: [], reply: '' },
      ],
      tool_calls: [
        { server: 'fs', tool: 'read', started_at: iso(200), duration_ms: 50, arguments: {}, result: 'x', error: null },
        { server: 'fs', tool: 'list', started_at: iso(210), duration_ms: 50, arguments: {}, result: null, error: 'gone' },
      ],
    };
    const timeline = buildTimeline({ dispatchId: 'd', startedAt: T0, endedAt: T0 + 400, tasks: [task('a', 0, 400, { attempts: 2, trace })] }, 0);
    const [first, second] = timeline.tasks[0]!.attempts;
    expect(first).toMatchObject({ attempt: 1, status: 'error', start: T0, end: T0 + 100, lane: 0 });
    expect(first!.calls).toMatchObject([{ kind: 'model', name: 'openai/m', start: T0 + 10, end: T0 + 90, durationMs: 80, inputTokens: 5, row: 0 }]);
    // The second model call ran past the attempt's recorded end: kept inside it.
    expect(second!.calls.map((c) => [c.name, c.start - T0, c.end - T0, c.row])).toEqual([
      ['openai/m', 10 + 150, 400, 0],
      ['fs/read', 200, 250, 1],
      ['fs/list', 210, 260, 2],
    ]);
    expect(timeline.tasks[0]!.span).toEqual({ start: T0, end: T0 + 400 });
    expect(timeline.laneCount).toBe(1);
  });

  it('draws what still runs up to now, and planning before the tasks', () => {
    const timeline = buildTimeline(
      {
        dispatchId: 'd',
        startedAt: T0,
        endedAt: null,
        tasks: [task('a', 0, null, { status: 'running' })],
        plan: { started_at: iso(-500), duration_ms: 400, input_tokens: 3, output_tokens: 4, model_calls: [] },
      },
      T0 + 1000,
    );
    expect(timeline.origin).toBe(T0 - 500);
    expect(timeline.end).toBe(T0 + 1000);
    expect(timeline.tasks[0]!.attempts[0]).toMatchObject({ status: 'running', end: T0 + 1000 });
    expect(timeline.planning).toMatchObject({ start: T0 - 500, end: T0 - 100, inputTokens: 3, costUsd: 0 });
  });
});
