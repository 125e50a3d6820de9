import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../timeline/build-timeline.js';
import type { TimelineTaskSource } from '../timeline/timeline-source.js';
import { chromeTrace, type TraceEvent } from './perfetto-trace.js';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const modelCall = (at: number, ms: number, tokens: [number, number]) => ({
  provider: 'openai', model: 'm', started_at: iso(at), duration_ms: ms, input_tokens: tokens[0], output_tokens: tokens[1], cost_usd: 0.001, finish_reason: 'stop', attempts: 1, messages: [], reply: '',
});
const toolCall = (tool: string, at: number, ms: number) => ({ server: 'fs', tool, started_at: iso(at), duration_ms: ms, arguments: {}, result: 'x', error: null });

function task(taskId: string, start: number, end: number, extra: Partial<TimelineTaskSource> = {}): TimelineTaskSource {
  return {
    taskId, agent: 'shell', file: null, status: 'success', dependencies: [], startedAt: T0 + start, endedAt: T0 + end, durationMs: end - start,
    attempts: 1, error: null, inputTokens: 0, outputTokens: 0, costUsd: 0, cache: null, ...extra,
  };
}

/** a (retried, a model call then two tool calls at once) and b run side by side; c needs both. Planned and synthesised. */
const timeline = buildTimeline(
  {
    dispatchId: 'dispatch-x',
    startedAt: T0,
    endedAt: T0 + 1000,
    tasks: [
      task('a', 0, 600, {
        agent: 'coder', attempts: 2, inputTokens: 30, outputTokens: 12, costUsd: 0.002,
        trace: {
          attempts: [
            { attempt: 1, started_at: iso(0), ended_at: iso(100), duration_ms: 100, status: 'error', error: { kind: 'agent', message: 'boom' } },
            { attempt: 2, started_at: iso(150), ended_at: iso(600), duration_ms: 450, status: 'success' },
          ],
          model_calls: [modelCall(10, 80, [10, 4]), modelCall(160, 100, [20, 8])],
          tool_calls: [toolCall('read', 300, 100), toolCall('list', 310, 150), toolCall('stat', 320, 50)],
        },
      }),
      task('b', 0, 400, { cache: 'hit' }),
      task('c', 600, 900, { dependencies: ['a', 'b'] }),
      { ...task('d', 0, 0, { dependencies: ['c'], status: 'skipped' }), startedAt: null, endedAt: null, durationMs: null, attempts: 0 },
    ],
    plan: { started_at: iso(-500), duration_ms: 400, input_tokens: 3, output_tokens: 4, model_calls: [modelCall(-450, 300, [3, 4])] },
    synthesis: { started_at: iso(950), duration_ms: 40, input_tokens: 5, output_tokens: 6, model_calls: [modelCall(955, 30, [5, 6])] },
  },
  0,
);

// What Perfetto reads: the JSON text, parsed back.
const events: TraceEvent[] = JSON.parse(JSON.stringify(chromeTrace(timeline))).traceEvents;
const slices = events.filter((event) => event.ph === 'X');
const threadNames = new Map(events.filter((event) => event.name === 'thread_name').map((event) => [event.tid, (event.args as { name: string }).name]));
const sliceNamed = (name: string) => slices.filter((event) => event.name === name);

describe('chromeTrace', () => {
  it('names the process and a thread per worker lane, the dispatcher first, in that order', () => {
    expect(events.find((event) => event.name === 'process_name')?.args).toEqual({ name: 'dispatch dispatch-x' });
    const order = events.filter((event) => event.name === 'thread_sort_index').sort((x, y) => (x.args!['sort_index'] as number) - (y.args!['sort_index'] as number));
    expect(order.map((event) => threadNames.get(event.tid))).toEqual([
      'dispatcher', 'worker 1', 'worker 1 · parallel calls', 'worker 1 · parallel calls 2', 'worker 2',
    ]);
  });

  it('has no two slices on one thread that overlap without one holding the other', () => {
    const byThread = new Map<number, TraceEvent[]>();
    for (const event of slices) byThread.set(event.tid, [...(byThread.get(event.tid) ?? []), event]);
    for (const [tid, list] of byThread) {
      for (const x of list) {
        for (const y of list) {
          if (x === y) continue;
          const apart = x.ts! + x.dur! <= y.ts! || y.ts! + y.dur! <= x.ts!;
          const nested = (x.ts! <= y.ts! && y.ts! + y.dur! <= x.ts! + x.dur!) || (y.ts! <= x.ts! && x.ts! + x.dur! <= y.ts! + y.dur!);
          expect(apart || nested, `${threadNames.get(tid)}: ${x.name} and ${y.name}`).toBe(true);
        }
      }
    }
  });

  it('has a slice per attempt with its facts, in microseconds from the origin (planning began it)', () => {
    const [first] = sliceNamed('a (attempt 1)');
    expect(first).toMatchObject({ ts: 500_000, dur: 100_000, args: { status: 'error', agent: 'coder', attempt: 1, input_tokens: 10, output_tokens: 4, error: 'agent: boom', cache: null } });
    expect(sliceNamed('a (attempt 2)')[0]).toMatchObject({ ts: 650_000, dur: 450_000, args: { status: 'success', attempt: 2, input_tokens: 20, output_tokens: 8, error: null } });
    expect(sliceNamed('b')[0]).toMatchObject({ ts: 500_000, dur: 400_000, args: { status: 'success', cache: 'hit', cost_usd: 0 } });
    expect(sliceNamed('c')[0]).toMatchObject({ ts: 1_100_000, dur: 300_000 });
    expect(sliceNamed('d')).toEqual([]);
    expect(threadNames.get(sliceNamed('b')[0]!.tid)).toBe('worker 2');
  });

  it('nests every model and tool call with its duration; calls made at once go on their own threads', () => {
    const calls = slices.filter((event) => event.cat !== 'task' && event.cat !== 'stage');
    expect(calls.map((event) => [event.name, event.dur, threadNames.get(event.tid)])).toEqual([
      ['openai/m', 300_000, 'dispatcher'],
      ['openai/m', 30_000, 'dispatcher'],
      ['openai/m', 80_000, 'worker 1'],
      ['openai/m', 100_000, 'worker 1'],
      ['fs/read', 100_000, 'worker 1'],
      ['fs/list', 150_000, 'worker 1 · parallel calls'],
      ['fs/stat', 50_000, 'worker 1 · parallel calls 2'],
    ]);
    expect(sliceNamed('planning')[0]).toMatchObject({ ts: 0, dur: 400_000, args: { input_tokens: 3, output_tokens: 4 } });
    expect(sliceNamed('synthesis')[0]).toMatchObject({ ts: 1_450_000, dur: 40_000 });
  });

  it("draws a flow from each dependency's last attempt to the dependent's first, each end inside its slice", () => {
    const flows = events.filter((event) => event.ph === 's' || event.ph === 'f');
    expect(flows.map((event) => [event.name, event.ph, event.id])).toEqual([
      ['a → c', 's', 1],
      ['a → c', 'f', 1],
      ['b → c', 's', 2],
      ['b → c', 'f', 2],
    ]);
    const inside = (flow: TraceEvent, name: string) => {
      const held = sliceNamed(name)[0]!;
      expect(flow.tid).toBe(held.tid);
      expect(flow.ts).toBeGreaterThanOrEqual(held.ts!);
      expect(flow.ts).toBeLessThan(held.ts! + held.dur!);
    };
    inside(flows[0]!, 'a (attempt 2)');
    inside(flows[1]!, 'c');
    inside(flows[2]!, 'b');
    expect(flows[1]).toMatchObject({ bp: 'e' });
  });
});
