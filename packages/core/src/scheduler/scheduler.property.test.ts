import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTaskGraph, type TaskGraph } from '../graph/task-graph.js';
import { runSchedule } from './scheduler.js';
import type { SchedulerEvent } from './scheduler-events.js';
import type { TaskOutcome } from './task-outcome.js';

/** One fake task: how long each attempt sleeps, how many first attempts fail, how many retries it has. */
interface FakeTask {
  readonly id: string;
  readonly dependencies: readonly string[];
  readonly durationMs: number;
  readonly failingAttempts: number;
  readonly retries: number;
  readonly priority: number;
}

interface Scenario {
  readonly tasks: readonly FakeTask[];
  readonly maxWorkers: number;
}

/** What the fake tasks saw, in the order it happened (`seq`) and by a monotonic clock (`at`). */
interface Mark {
  readonly kind: 'start' | 'success' | 'failure';
  readonly id: string;
  readonly attempt: number;
  readonly seq: number;
  readonly at: number;
}

// Edges only from lower to higher index, so every generated graph is acyclic.
const scenarioArbitrary = (options: { maxTasks: number; failing: fc.Arbitrary<number> }): fc.Arbitrary<Scenario> =>
  fc
    .record({
      tasks: fc.array(
        fc.record({
          picks: fc.array(fc.nat(), { maxLength: 4 }),
          durationMs: fc.integer({ min: 0, max: 5 }),
          failingAttempts: options.failing,
          retries: fc.integer({ min: 0, max: 2 }),
          priority: fc.integer({ min: 0, max: 20 }),
        }),
        { minLength: 1, maxLength: options.maxTasks },
      ),
      maxWorkers: fc.integer({ min: 1, max: 6 }),
    })
    .map(({ tasks, maxWorkers }) => ({
      maxWorkers,
      tasks: tasks.map(({ picks, ...task }, index) => ({
        ...task,
        id: `t${index}`,
        dependencies: index === 0 ? [] : [...new Set(picks.map((pick) => `t${pick % index}`))],
      })),
    }));

// Mostly succeeding; some fail once or twice (a retry may save them), some always fail.
const sometimesFailing = fc.constantFrom(0, 0, 0, 0, 1, 2, 99);

async function run(scenario: Scenario, extra: { failFast?: boolean; signal?: AbortSignal } = {}) {
  const byId = new Map(scenario.tasks.map((task) => [task.id, task]));
  const { graph, issues } = buildTaskGraph(scenario.tasks);
  expect(issues).toEqual([]);
  const marks: Mark[] = [];
  const events: SchedulerEvent[] = [];
  let seq = 0;
  let running = 0;
  let mostRunning = 0;
  const mark = (kind: Mark['kind'], id: string, attempt: number) => marks.push({ kind, id, attempt, seq: seq++, at: performance.now() });

  const outcomes = await runSchedule({
    graph,
    maxWorkers: scenario.maxWorkers,
    priority: (id) => byId.get(id)!.priority,
    timeoutMs: () => 10_000,
    retries: (id) => byId.get(id)!.retries,
    backoff: { baseMs: 1, maxMs: 2 },
    failFast: extra.failFast ?? false,
    ...(extra.signal === undefined ? {} : { signal: extra.signal }),
    onEvent: (event) => events.push(event),
    runTask: async (id, { attempt, signal }) => {
      const task = byId.get(id)!;
      mark('start', id, attempt);
      mostRunning = Math.max(mostRunning, ++running);
      try {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, task.durationMs);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      } finally {
        running--;
      }
      if (signal.aborted) throw signal.reason;
      if (attempt <= task.failingAttempts) {
        mark('failure', id, attempt);
        throw new Error(`${id} failed on attempt ${attempt}`);
      }
      mark('success', id, attempt);
      return id;
    },
  });
  return { graph, outcomes, marks, events, mostRunning };
}

/** Every task that `id` depends on, directly or not. */
function ancestors(graph: TaskGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...graph.dependencies.get(id)!];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...graph.dependencies.get(next)!);
  }
  return seen;
}

/** Checks that hold however the run ended (failures, fail_fast, cancellation). */
function checkCommonInvariants(scenario: Scenario, result: Awaited<ReturnType<typeof run>>) {
  const { graph, outcomes, marks, events, mostRunning } = result;

  // Concurrency never exceeds max_workers.
  expect(mostRunning).toBeLessThanOrEqual(scenario.maxWorkers);

  // Exactly one final status per task, reported by exactly one task-finished event.
  expect(outcomes.size).toBe(scenario.tasks.length);
  const finished = events.filter((event) => event.type === 'task-finished');
  expect(finished.map((event) => event.task_id).sort()).toEqual(scenario.tasks.map((task) => task.id).sort());
  for (const event of finished) expect(event.status).toBe(outcomes.get(event.task_id)!.status);

  const successAt = new Map(marks.filter((m) => m.kind === 'success').map((m) => [m.id, m]));
  for (const start of marks.filter((m) => m.kind === 'start')) {
    // A task starts only after each of its dependencies succeeded, in order and by the clock.
    for (const dependency of graph.dependencies.get(start.id)!) {
      const done = successAt.get(dependency);
      expect(done, `${start.id} started before ${dependency} succeeded`).toBeDefined();
      expect(done!.seq).toBeLessThan(start.seq);
      expect(done!.at).toBeLessThanOrEqual(start.at);
      expect(outcomes.get(dependency)!.status).toBe('success');
    }
  }

  for (const [id, outcome] of outcomes) {
    const starts = marks.filter((m) => m.kind === 'start' && m.id === id);
    // Attempt records match what actually ran.
    expect(outcome.attempts.map((attempt) => attempt.attempt)).toEqual(starts.map((start) => start.attempt));
    if (outcome.status === 'success') {
      expect(successAt.has(id)).toBe(true);
      expect(outcome.output).toBe(id);
    }
    if (outcome.status === 'skipped') {
      // No skipped task ever started; its reason names a failed task it depends on.
      expect(starts).toEqual([]);
      expect(outcome.error?.kind).toBe('dependency');
      const named = /task "([^"]+)"/.exec(outcome.error!.message)?.[1];
      expect(named).toBeDefined();
      expect(ancestors(graph, id).has(named!)).toBe(true);
      expect(outcomes.get(named!)!.status).not.toBe('success');
    }
    if (outcome.startedAt === undefined) expect(starts).toEqual([]);
  }
}

/** What must happen to each task when nothing is cancelled. */
function expectedStatuses(scenario: Scenario): Map<string, TaskOutcome['status']> {
  const expected = new Map<string, TaskOutcome['status']>();
  for (const task of scenario.tasks) {
    const blocked = task.dependencies.some((dependency) => expected.get(dependency) !== 'success');
    expected.set(task.id, blocked ? 'skipped' : task.failingAttempts <= task.retries ? 'success' : 'error');
  }
  return expected;
}

describe('runSchedule properties', () => {
  it('respects dependencies and max_workers, skips dependents of failures, and ends every task exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary({ maxTasks: 14, failing: sometimesFailing }), async (scenario) => {
        const result = await run(scenario);
        checkCommonInvariants(scenario, result);

        const expected = expectedStatuses(scenario);
        for (const task of scenario.tasks) {
          const outcome = result.outcomes.get(task.id)!;
          // Tasks whose dependencies all succeeded and that do not keep failing succeed; the rest fail or are skipped.
          expect(outcome.status).toBe(expected.get(task.id));
          const attempts = outcome.status === 'skipped' ? 0 : Math.min(task.failingAttempts, task.retries) + 1;
          expect(outcome.attempts).toHaveLength(attempts);
          if (outcome.status === 'error') expect(outcome.error).toEqual({ kind: 'agent', message: `${task.id} failed on attempt ${attempts}` });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('with fail_fast, starts nothing after the first failure and cancels or skips everything that did not run', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary({ maxTasks: 12, failing: fc.constantFrom(0, 0, 0, 99) }), async (scenario) => {
        const noRetries = { ...scenario, tasks: scenario.tasks.map((task) => ({ ...task, retries: 0 })) };
        const result = await run(noRetries, { failFast: true });
        checkCommonInvariants(noRetries, result);

        const firstFailure = result.events.findIndex((event) => event.type === 'task-finished' && event.status === 'error');
        const anyFailed = noRetries.tasks.some((task) => result.marks.some((m) => m.kind === 'start' && m.id === task.id) && task.failingAttempts > 0);
        expect(firstFailure >= 0).toBe(anyFailed);
        if (firstFailure < 0) {
          expect([...result.outcomes.values()].every((outcome) => outcome.status === 'success')).toBe(true);
          return;
        }
        expect(result.events.slice(firstFailure).filter((event) => event.type === 'task-started')).toEqual([]);
        for (const outcome of result.outcomes.values()) {
          if (outcome.attempts.length === 0) expect(['skipped', 'cancelled']).toContain(outcome.status);
          if (outcome.status === 'cancelled') expect(outcome.error?.kind).toBe('cancelled');
        }
      }),
      { numRuns: 50 },
    );
  });

  it('when the dispatch is cancelled at any moment, starts nothing afterwards and ends every task', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArbitrary({ maxTasks: 12, failing: sometimesFailing }),
        fc.integer({ min: 0, max: 15 }),
        async (scenario, cancelAfterMs) => {
          const controller = new AbortController();
          let abortedAt = Number.POSITIVE_INFINITY;
          const timer = setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, cancelAfterMs);
          const result = await run(scenario, { signal: controller.signal });
          clearTimeout(timer);
          checkCommonInvariants(scenario, result);

          expect(result.marks.filter((m) => m.kind === 'start' && m.at > abortedAt)).toEqual([]);
          if (controller.signal.aborted) {
            for (const outcome of result.outcomes.values()) {
              // Whatever had not ended when the signal came is cancelled (or skipped behind a failure).
              if (outcome.endedAt === undefined && outcome.status !== 'skipped') expect(outcome.status).toBe('cancelled');
              if (outcome.status === 'cancelled') expect(outcome.error).toEqual({ kind: 'cancelled', message: 'dispatch cancelled' });
            }
          } else {
            const expected = expectedStatuses(scenario);
            for (const [id, outcome] of result.outcomes) expect(outcome.status).toBe(expected.get(id));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
