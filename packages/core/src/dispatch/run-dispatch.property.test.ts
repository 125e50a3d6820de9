import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agents/agent.js';
import { AgentRegistry } from '../agents/agent-registry.js';
import { AgentError } from '../errors/task-errors.js';
import { criticalPath } from '../graph/critical-path.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { readDispatchIndex, readTaskTrace } from '../tracing/trace-reader.js';
import type { TaskTrace } from '../tracing/trace-format.js';
import { prepareDispatch } from './prepare-dispatch.js';
import { runDispatch } from './run-dispatch.js';

const fakeInputSchema = z
  .object({
    sleep_ms: z.number().int().min(0),
    /** The first this-many attempts fail. */
    fail_attempts: z.number().int().min(0).default(0),
    /** Never ends and ignores its abort signal: only a timeout or a cancellation ends it. */
    hang: z.boolean().default(false),
    /** Waits for this gate (see `gates`) before finishing. */
    gate: z.string().optional(),
  })
  .strict();
type FakeInput = z.infer<typeof fakeInputSchema>;

/** Gates a test opens to let a waiting fake task finish. */
const gates = new Map<string, { promise: Promise<void>; open: () => void }>();
function gate(name: string) {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  gates.set(name, { promise, open });
  return open;
}

/** A tiny agent that sleeps and fails as its input says; counts attempts per task. */
function fakeAgent(): Agent<FakeInput, unknown> {
  const attempts = new Map<string, number>();
  return {
    name: 'fake',
    description: 'sleeps, fails or hangs as told',
    inputSchema: fakeInputSchema,
    version: 'test@1',
    usesModel: false,
    runsCommands: false,
    async run(input, context) {
      const attempt = (attempts.get(context.taskId) ?? 0) + 1;
      attempts.set(context.taskId, attempt);
      context.recorder.progress(`attempt ${attempt}`);
      if (input.hang) return new Promise(() => {});
      if (input.gate !== undefined) await gates.get(input.gate)!.promise;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, input.sleep_ms);
        context.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(context.signal.reason);
        });
      });
      if (attempt <= input.fail_attempts) throw new AgentError('fake', `attempt ${attempt} failed`, { output: { partial: attempt } });
      return { task: context.taskId, attempt, saw: Object.keys(context.dependencies) };
    },
  };
}

interface FakeTaskSpec {
  readonly task_id: string;
  readonly agent: 'fake';
  readonly input_data: Partial<FakeInput>;
  readonly dependencies: string[];
  readonly timeout_seconds?: number;
}

const dispatchArbitrary = fc
  .record({
    tasks: fc.array(
      fc.record({
        picks: fc.array(fc.nat(), { maxLength: 3 }),
        sleep_ms: fc.integer({ min: 0, max: 5 }),
        fail_attempts: fc.constantFrom(0, 0, 0, 1, 2, 9),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    hangs: fc.array(fc.nat(), { maxLength: 1 }),
    max_workers: fc.integer({ min: 1, max: 4 }),
    retries: fc.integer({ min: 0, max: 2 }),
    fail_fast: fc.boolean(),
    cancelAfterMs: fc.option(fc.integer({ min: 0, max: 15 }), { freq: 4 }),
    indexIntervalMs: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ tasks, hangs, cancelAfterMs, indexIntervalMs, ...config }) => ({
    cancelAfterMs,
    indexIntervalMs,
    config: { ...config, trace_dir: 'traces' },
    tasks: tasks.map(({ picks, sleep_ms, fail_attempts }, index): FakeTaskSpec => {
      // Edges only from earlier to later tasks: always acyclic.
      const hang = hangs.some((pick) => pick % tasks.length === index);
      return {
        task_id: `task-${index}`,
        agent: 'fake',
        input_data: { sleep_ms, fail_attempts, hang },
        dependencies: index === 0 ? [] : [...new Set(picks.map((pick) => `task-${pick % index}`))],
        ...(hang ? { timeout_seconds: 0.02 } : {}),
      };
    }),
  }));

async function dispatch(file: object, options: { signal?: AbortSignal; indexIntervalMs?: number } = {}) {
  const workspace = await tempWorkspace();
  const text = JSON.stringify(file);
  const prepared = prepareDispatch({ text, sourcePath: path.join(workspace, 'fake.dispatch.json'), cwd: workspace, agents: new AgentRegistry([fakeAgent()]) });
  const result = await runDispatch(prepared, {
    env: {},
    backoff: { baseMs: 1, maxMs: 2 },
    // Hanging agents ignore their signal; their workers need not be held long.
    abandonAfterMs: 20,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.indexIntervalMs === undefined ? {} : { indexIntervalMs: options.indexIntervalMs }),
  });
  return { prepared, result };
}

describe('runDispatch properties', () => {
  it('writes an index whose summary matches the task trace files', async () => {
    await fc.assert(
      fc.asyncProperty(dispatchArbitrary, async ({ tasks, config, cancelAfterMs, indexIntervalMs }) => {
        const controller = new AbortController();
        const timer = cancelAfterMs === null ? undefined : setTimeout(() => controller.abort(), cancelAfterMs);
        const { prepared, result } = await dispatch({ tasks, config }, { signal: controller.signal, indexIntervalMs });
        clearTimeout(timer);

        const index = await readDispatchIndex(result.indexPath);
        expect(index).toEqual(JSON.parse(JSON.stringify(result.index)));
        expect(index.status).not.toBe('running');

        // Exactly one trace file per task, and nothing half-written left behind.
        const files = await fs.readdir(path.join(prepared.traceDir, index.dispatch_id));
        expect(files.sort()).toEqual(tasks.map((task) => `${task.task_id}.json`).sort());

        const traces = new Map<string, TaskTrace>();
        for (const entry of index.tasks) traces.set(entry.task_id, await readTaskTrace(prepared.traceDir, entry.trace_file));

        expect(index.tasks.map((entry) => entry.task_id)).toEqual(tasks.map((task) => task.task_id));
        for (const entry of index.tasks) {
          const trace = traces.get(entry.task_id)!;
          expect(trace).toMatchObject({
            task_id: entry.task_id,
            dispatch_id: index.dispatch_id,
            correlation_id: index.correlation_id,
            agent: entry.agent,
            status: entry.status,
            error: entry.error,
            started_at: entry.started_at,
            ended_at: entry.ended_at,
            duration_ms: entry.duration_ms,
            dependencies: entry.dependencies,
          });
          expect(trace.attempts).toHaveLength(entry.attempts);
          expect(trace.events.filter((event) => event.type === 'finished')).toHaveLength(1);
          expect(trace.events.filter((event) => event.type === 'started')).toHaveLength(entry.attempts);
          if (trace.attempts.length > 0) expect(trace.started_at).toBe(trace.attempts[0]!.started_at);
          if (entry.status === 'success') expect(trace.output).toMatchObject({ task: entry.task_id, attempt: entry.attempts });
          if (entry.status === 'skipped') expect(trace.attempts).toEqual([]);
        }

        const all = [...traces.values()];
        const count = (status: string) => all.filter((trace) => trace.status === status).length;
        const taskTime = all.reduce((sum, trace) => sum + (trace.duration_ms ?? 0), 0);
        const wall = index.total_time_ms!;
        expect(index.summary).toMatchObject({
          total: tasks.length,
          success: count('success'),
          error: count('error'),
          skipped: count('skipped'),
          cancelled: count('cancelled'),
          wall_time_ms: wall,
          task_time_ms: taskTime,
          speedup: wall > 0 ? Math.round((taskTime / wall) * 100) / 100 : 0,
          critical_path_ms: criticalPath(prepared.graph.ids.map((id) => ({ id, dependencies: prepared.graph.dependencies.get(id)! })), (id) => traces.get(id)!.duration_ms ?? 0).length,
        });
        expect(index.summary.success + index.summary.error + index.summary.skipped + index.summary.cancelled).toBe(tasks.length);

        if (!controller.signal.aborted) expect(index.status).toBe(count('success') === tasks.length ? 'success' : 'failure');
        if (count('cancelled') > 0 && !config.fail_fast) expect(index.status).toBe('cancelled');
        if (index.status === 'success') expect(count('success')).toBe(tasks.length);

        // Without fail_fast or cancellation the statuses are fully determined by the inputs.
        if (!config.fail_fast && !controller.signal.aborted) {
          const expected = new Map<string, string>();
          for (const task of tasks) {
            const blocked = task.dependencies.some((dependency) => expected.get(dependency) !== 'success');
            const fails = task.input_data.hang === true || task.input_data.fail_attempts! > config.retries;
            expected.set(task.task_id, blocked ? 'skipped' : fails ? 'error' : 'success');
            const trace = traces.get(task.task_id)!;
            expect(trace.status).toBe(expected.get(task.task_id));
            if (trace.status === 'error') expect(trace.error!.kind).toBe(task.input_data.hang ? 'timeout' : 'agent');
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('writes each task\'s trace as soon as it ends, before the dispatch ends', async () => {
    const open = gate('late');
    const tasks = [
      { task_id: 'early', agent: 'fake', input_data: { sleep_ms: 0 } },
      { task_id: 'late', agent: 'fake', input_data: { sleep_ms: 0, gate: 'late' } },
    ];
    let traceFile: string | undefined;
    let indexPath: string | undefined;
    const workspace = await tempWorkspace();
    const prepared = prepareDispatch({ text: JSON.stringify({ tasks }), sourcePath: path.join(workspace, 'd.json'), cwd: workspace, agents: new AgentRegistry([fakeAgent()]) });
    const running = runDispatch(prepared, {
      env: {},
      indexIntervalMs: 5,
      onEvent: (event) => {
        if (event.type === 'dispatch-started') {
          indexPath = event.trace_index;
          traceFile = path.join(prepared.traceDir, event.dispatch_id, 'early.json');
        }
      },
    });
    // While "late" still waits, "early" already has its trace and the index says so.
    await expect.poll(() => fs.stat(traceFile!).then(() => true, () => false), { timeout: 2000 }).toBe(true);
    await expect.poll(async () => (await readDispatchIndex(indexPath!)).tasks.map((task) => task.status), { timeout: 2000 }).toEqual(['success', 'running']);
    expect((await readDispatchIndex(indexPath!)).status).toBe('running');
    open();
    const { index } = await running;
    expect(index.summary).toMatchObject({ total: 2, success: 2 });
  });
});
