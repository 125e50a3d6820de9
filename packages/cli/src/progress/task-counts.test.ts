import { buildTaskGraph, runSchedule, type DispatchEvent, type SchedulerEvent } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { LiveProgress } from './live-progress.js';
import { TaskCounts, type TaskCountsSnapshot } from './task-counts.js';

/**
 * Real scheduler events for five tasks: `flaky` fails twice (one retry), so
 * `after-flaky` is skipped; `broken` fails; `a` and `after-a` succeed.
 */
async function schedulerEvents(options: { signal?: AbortSignal; onEvent?: (event: SchedulerEvent) => void } = {}): Promise<DispatchEvent[]> {
  const spec: Record<string, string[]> = { flaky: [], 'after-flaky': ['flaky'], broken: [], a: [], 'after-a': ['a'] };
  const { graph } = buildTaskGraph(Object.entries(spec).map(([id, dependencies]) => ({ id, dependencies })));
  const events: DispatchEvent[] = [{ type: 'dispatch-started', dispatch_id: 'd', correlation_id: 'c', task_count: 5, trace_index: 'i', at: Date.now() }];
  await runSchedule({
    graph,
    maxWorkers: 2,
    priority: () => 0,
    timeoutMs: () => 10_000,
    retries: (id) => (id === 'flaky' ? 1 : 0),
    backoff: { baseMs: 1, maxMs: 2 },
    runTask: async (id, attempt) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (attempt.signal.aborted) throw attempt.signal.reason;
      if (id === 'flaky' || id === 'broken') throw new Error(`${id} failed`);
      return id;
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return events;
}

function countAll(events: readonly DispatchEvent[]): TaskCountsSnapshot[] {
  const counts = new TaskCounts();
  return events.map((event) => {
    counts.onEvent(event);
    return counts.snapshot();
  });
}

describe('TaskCounts', () => {
  it('adds up to the total after every event, with retries and skipped tasks, and ends with nothing queued', async () => {
    const events = await schedulerEvents();
    expect(events.some((event) => event.type === 'task-retrying')).toBe(true);
    const snapshots = countAll(events);
    for (const snapshot of snapshots) expect(snapshot.done + snapshot.running + snapshot.queued + snapshot.waiting).toBe(5);
    expect(snapshots.at(-1)).toEqual({ total: 5, done: 5, running: 0, queued: 0, waiting: 0, failed: 2 });
  });

  it('counts tasks cancelled while queued or waiting as done', async () => {
    const controller = new AbortController();
    const events = await schedulerEvents({
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'task-started' && event.task_id === 'a') controller.abort(new Error('stop'));
      },
    });
    const snapshots = countAll(events);
    for (const snapshot of snapshots) expect(snapshot.done + snapshot.running + snapshot.queued + snapshot.waiting).toBe(5);
    expect(snapshots.at(-1)).toMatchObject({ done: 5, running: 0, queued: 0, waiting: 0 });
  });
});

describe('LiveProgress', () => {
  it('draws a last frame whose counts add up: nothing queued once every task has ended', async () => {
    let written = '';
    const stream = { columns: 100, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
    const view = new LiveProgress(stream);
    for (const event of await schedulerEvents()) view.onEvent(event);
    view.close();
    const countLines = written.split('\n').filter((line) => line.includes(' done · '));
    expect(countLines.at(-1)).toMatch(/^5\/5 done · 0 running · 0 queued · 2 failed · \d+(\.\d+)? m?s$/);
  });
});
