import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../errors/task-errors.js';
import { buildTaskGraph } from '../graph/task-graph.js';
import { runSchedule, type AttemptContext, type ScheduleOptions } from './scheduler.js';
import type { SchedulerEvent } from './scheduler-events.js';

type Runner = (id: string, attempt: AttemptContext) => Promise<unknown>;

/** Runs a graph given as id -> dependencies, recording the events. */
async function schedule(spec: Record<string, string[]>, runTask: Runner, options: Partial<ScheduleOptions> = {}) {
  const { graph, issues } = buildTaskGraph(Object.entries(spec).map(([id, dependencies]) => ({ id, dependencies })));
  expect(issues).toEqual([]);
  const events: SchedulerEvent[] = [];
  const started = Date.now();
  const outcomes = await runSchedule({
    graph,
    maxWorkers: 4,
    priority: () => 0,
    timeoutMs: () => 5000,
    retries: () => 0,
    backoff: { baseMs: 5, maxMs: 10 },
    runTask,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const status = Object.fromEntries([...outcomes].map(([id, outcome]) => [id, outcome.status]));
  const starts = events.filter((event) => event.type === 'task-started').map((event) => event.task_id);
  return { outcomes, events, status, starts, elapsed: Date.now() - started };
}

/** Sleeps, or rejects with the signal's reason when aborted: a well-behaved agent. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => {
    throw signal.reason;
  });
}

const quick: Runner = async () => {
  await delay(1);
  return 'ok';
};

describe('runSchedule', () => {
  it('runs the ready task with the highest priority first (max_workers 1)', async () => {
    // a, b, c, d ready at once; e becomes ready after a and outranks what is left.
    const priority: Record<string, number> = { a: 10, b: 3, c: 7, d: 1, e: 8 };
    const { starts, status } = await schedule({ a: [], b: [], c: [], d: [], e: ['a'] }, quick, {
      maxWorkers: 1,
      priority: (id) => priority[id]!,
    });
    expect(starts).toEqual(['a', 'e', 'c', 'b', 'd']);
    expect(Object.values(status).every((value) => value === 'success')).toBe(true);
  });

  it('starts ready tasks in file order on equal priority', async () => {
    const { starts } = await schedule({ x: [], y: [], z: [] }, quick, { maxWorkers: 1 });
    expect(starts).toEqual(['x', 'y', 'z']);
  });

  it('starts a task the moment its last dependency succeeds, not when its level ends', async () => {
    // slow is on the first "level" with fast, but after-fast must not wait for it.
    const times = new Map<string, number>();
    const t0 = Date.now();
    await schedule({ fast: [], slow: [], 'after-fast': ['fast'] }, async (id) => {
      times.set(`${id}:start`, Date.now() - t0);
      await delay(id === 'slow' ? 200 : 5);
      times.set(`${id}:end`, Date.now() - t0);
    });
    expect(times.get('after-fast:start')!).toBeLessThan(times.get('slow:end')!);
  });

  it('never runs more than max_workers at once', async () => {
    let running = 0;
    let most = 0;
    const spec = Object.fromEntries(Array.from({ length: 12 }, (_, n) => [`t${n}`, []]));
    await schedule(spec, async () => {
      most = Math.max(most, ++running);
      await delay(5);
      running--;
    }, { maxWorkers: 3 });
    expect(most).toBe(3);
  });

  it('hands back outputs, attempt records and times', async () => {
    const { outcomes } = await schedule({ a: [] }, async () => ({ answer: 42 }));
    const outcome = outcomes.get('a')!;
    expect(outcome).toMatchObject({ status: 'success', output: { answer: 42 }, error: undefined });
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.attempts[0]).toMatchObject({ attempt: 1, status: 'success' });
    expect(outcome.endedAt! - outcome.startedAt!).toBeGreaterThanOrEqual(0);
  });

  it('retries a failing task with backoff, then succeeds', async () => {
    let calls = 0;
    const { outcomes, events } = await schedule(
      { flaky: [] },
      async (_id, { attempt }) => {
        calls++;
        if (attempt < 3) throw new Error(`failure ${attempt}`);
        return 'finally';
      },
      { retries: () => 3, random: () => 0 },
    );
    expect(calls).toBe(3);
    const outcome = outcomes.get('flaky')!;
    expect(outcome).toMatchObject({ status: 'success', output: 'finally', error: undefined });
    expect(outcome.attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.error?.message])).toEqual([
      [1, 'error', 'failure 1'],
      [2, 'error', 'failure 2'],
      [3, 'success', undefined],
    ]);
    // Equal jitter with random() = 0: half of 5 ms, then half of 10 ms.
    const retries = events.filter((event) => event.type === 'task-retrying');
    expect(retries.map((event) => [event.attempt, event.delay_ms])).toEqual([
      [1, 3],
      [2, 5],
    ]);
    const finished = events.filter((event) => event.type === 'task-finished');
    expect(finished).toEqual([expect.objectContaining({ task_id: 'flaky', status: 'success', attempts: 3 })]);
  });

  it('fails with the last error once the retries are used up, and skips dependents', async () => {
    const { outcomes, status } = await schedule(
      { broken: [], after: ['broken'] },
      async (_id, { attempt }) => {
        throw new AgentError('test', `attempt ${attempt} failed`, { output: { partial: attempt } });
      },
      { retries: (id) => (id === 'broken' ? 2 : 0) },
    );
    expect(status).toEqual({ broken: 'error', after: 'skipped' });
    const broken = outcomes.get('broken')!;
    expect(broken.attempts).toHaveLength(3);
    expect(broken.error).toEqual({ kind: 'agent', message: 'attempt 3 failed' });
    expect(broken.output).toEqual({ partial: 3 });
    expect(outcomes.get('after')).toMatchObject({
      error: { kind: 'dependency', message: 'skipped because task "broken" did not succeed' },
      attempts: [],
      startedAt: undefined,
    });
  });

  it('frees the worker during the backoff wait', async () => {
    const { starts } = await schedule(
      { flaky: [], other: [] },
      async (id, { attempt }) => {
        if (id === 'flaky' && attempt === 1) throw new Error('once');
      },
      { maxWorkers: 1, retries: () => 1, priority: (id) => (id === 'flaky' ? 1 : 0), backoff: { baseMs: 40, maxMs: 40 } },
    );
    expect(starts).toEqual(['flaky', 'other', 'flaky']);
  });

  it('skips transitive dependents naming the failed task, and runs independent branches', async () => {
    const ran: string[] = [];
    const { outcomes, status } = await schedule({ root: [], mid: ['root'], leaf: ['mid'], side: [], join: ['side', 'leaf'] }, async (id) => {
      ran.push(id);
      if (id === 'root') throw new Error('root broke');
      await delay(2);
    });
    expect(status).toEqual({ root: 'error', mid: 'skipped', leaf: 'skipped', side: 'success', join: 'skipped' });
    expect(ran.sort()).toEqual(['root', 'side']);
    expect(outcomes.get('mid')!.error!.message).toBe('skipped because task "root" did not succeed');
    expect(outcomes.get('leaf')!.error!.message).toBe('skipped because task "root" did not succeed (via "mid")');
    expect(outcomes.get('join')!.error!.message).toBe('skipped because task "root" did not succeed (via "leaf")');
  });

  it('times an attempt out with error kind "timeout"', async () => {
    const { outcomes, elapsed } = await schedule({ slow: [] }, (_id, { signal }) => sleepUnlessAborted(5000, signal), { timeoutMs: () => 30 });
    expect(outcomes.get('slow')).toMatchObject({ status: 'error', error: { kind: 'timeout', message: 'timed out after 0.03 s' } });
    expect(outcomes.get('slow')!.attempts[0]).toMatchObject({ status: 'error', error: { kind: 'timeout' } });
    expect(elapsed).toBeLessThan(2000);
  });

  it('retries a timed-out attempt when retries are set', async () => {
    const { outcomes } = await schedule(
      { slow: [] },
      async (_id, { attempt, signal }) => {
        if (attempt === 1) await sleepUnlessAborted(5000, signal);
        return `attempt ${attempt}`;
      },
      { timeoutMs: () => 30, retries: () => 1 },
    );
    const outcome = outcomes.get('slow')!;
    expect(outcome).toMatchObject({ status: 'success', output: 'attempt 2' });
    expect(outcome.attempts.map((attempt) => [attempt.status, attempt.error?.kind])).toEqual([
      ['error', 'timeout'],
      ['success', undefined],
    ]);
  });

  it('settles a task on timeout even when its agent ignores the abort signal', async () => {
    const { outcomes, status, elapsed } = await schedule(
      { stubborn: [], after: ['stubborn'], other: [] },
      (id) => (id === 'stubborn' ? new Promise(() => {}) : quick(id, undefined as never)),
      { timeoutMs: (id) => (id === 'stubborn' ? 30 : 5000), abandonAfterMs: 50 },
    );
    expect(status).toEqual({ stubborn: 'error', after: 'skipped', other: 'success' });
    expect(outcomes.get('stubborn')!.error!.kind).toBe('timeout');
    expect(elapsed).toBeLessThan(2000);
  });

  it('frees a worker only once an aborted attempt has settled, and not later than abandonAfterMs', async () => {
    let settledAt = 0;
    const lingering: Runner = (id, { signal }) =>
      id === 'slow'
        ? new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () =>
              setTimeout(() => {
                settledAt = Date.now();
                reject(signal.reason);
              }, 150),
            ),
          )
        : quick(id, undefined as never);
    const { status, events } = await schedule({ slow: [], next: [] }, lingering, {
      maxWorkers: 1,
      priority: (id) => (id === 'slow' ? 1 : 0),
      timeoutMs: (id) => (id === 'slow' ? 20 : 5000),
    });
    expect(status).toEqual({ slow: 'error', next: 'success' });
    const finishedSlow = events.find((event) => event.type === 'task-finished' && event.task_id === 'slow')!;
    const startedNext = events.find((event) => event.type === 'task-started' && event.task_id === 'next')!;
    expect(finishedSlow.at).toBeLessThan(settledAt);
    expect(startedNext.at).toBeGreaterThanOrEqual(settledAt);

    const abandoned = await schedule({ stuck: [], next: [] }, (id) => (id === 'stuck' ? new Promise(() => {}) : quick(id, undefined as never)), {
      maxWorkers: 1,
      priority: (id) => (id === 'stuck' ? 1 : 0),
      timeoutMs: (id) => (id === 'stuck' ? 20 : 5000),
      abandonAfterMs: 100,
    });
    expect(abandoned.status).toEqual({ stuck: 'error', next: 'success' });
  });

  it('aborts the attempt\'s signal on timeout', async () => {
    let reason: unknown;
    await schedule(
      { slow: [] },
      (_id, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            reject(new Error('stopped'));
          });
        }),
      { timeoutMs: () => 20 },
    );
    expect(reason).toMatchObject({ name: 'TaskTimeoutError', kind: 'timeout' });
  });

  it('with fail_fast, cancels running tasks and marks the rest cancelled', async () => {
    const aborted: string[] = [];
    const { outcomes, status, elapsed } = await schedule(
      { bad: [], long: [], 'after-long': ['long'], 'after-bad': ['bad'], waiting: [] },
      async (id, { signal }) => {
        signal.addEventListener('abort', () => aborted.push(id));
        if (id === 'bad') {
          await delay(10);
          throw new Error('bad failed');
        }
        await sleepUnlessAborted(5000, signal);
      },
      { maxWorkers: 2, failFast: true },
    );
    expect(status).toEqual({ bad: 'error', long: 'cancelled', 'after-long': 'cancelled', 'after-bad': 'skipped', waiting: 'cancelled' });
    expect(aborted).toEqual(['long']);
    const reason = 'cancelled by fail_fast after task "bad" failed';
    expect(outcomes.get('long')).toMatchObject({ error: { kind: 'cancelled', message: reason } });
    expect(outcomes.get('long')!.attempts[0]!.status).toBe('cancelled');
    expect(outcomes.get('waiting')).toMatchObject({ error: { kind: 'cancelled', message: reason }, attempts: [] });
    expect(outcomes.get('after-long')).toMatchObject({ error: { kind: 'cancelled', message: reason } });
    expect(elapsed).toBeLessThan(2000);
  });

  it('with fail_fast, cancels a task waiting to retry', async () => {
    const { status } = await schedule(
      { flaky: [], bad: [] },
      async (id) => {
        if (id === 'flaky') throw new Error('flaky');
        await delay(20);
        throw new Error('bad');
      },
      { failFast: true, retries: (id) => (id === 'flaky' ? 5 : 0), backoff: { baseMs: 2000, maxMs: 2000 } },
    );
    expect(status).toEqual({ flaky: 'cancelled', bad: 'error' });
  });

  it('cancels mid-run on the dispatch signal: running and waiting tasks end cancelled', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const pending = schedule(
      { a: [], b: [], c: [], 'after-a': ['a'] },
      async (id, { signal }) => {
        started.push(id);
        await sleepUnlessAborted(5000, signal);
      },
      { maxWorkers: 2, signal: controller.signal },
    );
    await delay(30);
    controller.abort(new Error('stopped by the user'));
    const { outcomes, status, events, elapsed } = await pending;
    expect(started).toEqual(['a', 'b']);
    expect(status).toEqual({ a: 'cancelled', b: 'cancelled', c: 'cancelled', 'after-a': 'cancelled' });
    for (const outcome of outcomes.values()) expect(outcome.error).toEqual({ kind: 'cancelled', message: 'stopped by the user' });
    expect(outcomes.get('a')!.attempts.map((attempt) => attempt.status)).toEqual(['cancelled']);
    expect(outcomes.get('c')!.attempts).toEqual([]);
    expect(events.filter((event) => event.type === 'task-finished')).toHaveLength(4);
    expect(elapsed).toBeLessThan(2000);
  });

  it('says "dispatch cancelled" for a plain abort, and cancels even agents that ignore the signal', async () => {
    const controller = new AbortController();
    const pending = schedule({ a: [], b: ['a'] }, () => new Promise(() => {}), { signal: controller.signal, abandonAfterMs: 50 });
    await delay(10);
    controller.abort();
    const { outcomes } = await pending;
    expect(outcomes.get('a')).toMatchObject({ status: 'cancelled', error: { kind: 'cancelled', message: 'dispatch cancelled' } });
    expect(outcomes.get('b')).toMatchObject({ status: 'cancelled' });
  });

  it('runs nothing when the signal is aborted before it starts', async () => {
    let calls = 0;
    const { outcomes, events } = await schedule(
      { a: [], b: ['a'] },
      async () => {
        calls++;
      },
      { signal: AbortSignal.abort('not today') },
    );
    expect(calls).toBe(0);
    expect([...outcomes.values()].map((outcome) => [outcome.status, outcome.error?.message, outcome.attempts.length])).toEqual([
      ['cancelled', 'not today', 0],
      ['cancelled', 'not today', 0],
    ]);
    expect(events.map((event) => event.type)).toEqual(['task-finished', 'task-finished']);
  });

  it('does not let a very long timeout fire at once', async () => {
    // Above 2^31 - 1 ms, Node would otherwise run the timer after 1 ms.
    const { status } = await schedule({ a: [] }, async () => delay(20), { timeoutMs: () => 40 * 24 * 3600 * 1000 });
    expect(status).toEqual({ a: 'success' });
  });

  it('resolves at once for an empty graph', async () => {
    const { outcomes } = await schedule({}, quick);
    expect(outcomes.size).toBe(0);
  });
});
