import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInAgents } from '../agents/built-in-agents.js';
import { prepareDispatch } from '../dispatch/prepare-dispatch.js';
import { runDispatch } from '../dispatch/run-dispatch.js';
import type { DispatchIndex, TaskTrace } from '../tracing/trace-format.js';
import { readDispatchIndex, readTaskTrace } from '../tracing/trace-reader.js';
import { planRerun } from './plan-rerun.js';
import { readRerunSource } from './read-rerun-source.js';
import { RerunError } from './rerun-error.js';

let workspace: string;
beforeEach(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-rerun-'));
});
afterEach(async () => {
  await fs.rm(workspace, { recursive: true, force: true });
});

const env = { PATH: process.env.PATH };

/** make ✓, flaky ✗ (until a marker exists), use (needs make and flaky) skipped, other ✓, after-use (needs use) skipped. */
const dispatchFile = {
  tasks: [
    { task_id: 'make', agent: 'shell', input_data: { command: 'echo \'{"n": 41}\'' } },
    { task_id: 'flaky', agent: 'shell', input_data: { command: 'test -f marker && echo fixed' }, timeout_seconds: 30 },
    { task_id: 'use', agent: 'shell', depends_on: ['make', 'flaky'], input_data: { command: 'printf %s "$PDISPATCH_DEPENDENCIES"' } },
    { task_id: 'other', agent: 'shell', input_data: { command: 'true' } },
    { task_id: 'after-use', agent: 'shell', dependencies: ['use'], input_data: { command: 'echo done' } },
  ],
  config: { trace_dir: 'traces', max_workers: 2 },
};

async function run(text: string): Promise<{ index: DispatchIndex; traces: Map<string, TaskTrace>; indexPath: string }> {
  const prepared = prepareDispatch({ text, sourcePath: path.join(workspace, 'ci.dispatch.json'), cwd: workspace, agents: builtInAgents() });
  const result = await runDispatch(prepared, { env });
  return { ...(await readAll(result.indexPath)), indexPath: result.indexPath };
}

async function readAll(indexPath: string) {
  const index = await readDispatchIndex(indexPath);
  const traceDir = path.dirname(indexPath);
  const traces = new Map<string, TaskTrace>();
  for (const task of index.tasks) traces.set(task.task_id, await readTaskTrace(traceDir, task.trace_file));
  return { index, traces };
}

describe('planRerun', () => {
  it('reruns failed and skipped tasks, keeps their links, and passes on the outputs of succeeded dependencies', async () => {
    const first = await run(JSON.stringify(dispatchFile));
    expect(first.index.tasks.map((task) => [task.task_id, task.status])).toEqual([
      ['make', 'success'],
      ['flaky', 'error'],
      ['use', 'skipped'],
      ['other', 'success'],
      ['after-use', 'skipped'],
    ]);

    const plan = planRerun(first);
    expect(plan.taskIds).toEqual(['flaky', 'use', 'after-use']);
    expect(plan.file.tasks.map((task) => [task.task_id, task.dependencies])).toEqual([
      ['flaky', []],
      ['use', ['flaky']],
      ['after-use', ['use']],
    ]);
    expect(plan.file.tasks[0]).toMatchObject({ agent: 'shell', input_data: { command: 'test -f marker && echo fixed' } });
    expect(plan.rerunOf).toBe(first.index.dispatch_id);
    expect(Object.fromEntries(plan.priorOutputs)).toEqual({ use: { make: expect.objectContaining({ json: { n: 41 } }) } });
    expect(plan.file.config).toMatchObject({ trace_dir: 'traces', max_workers: 2 });

    // Fixed: the rerun runs the three tasks only, and `use` sees make's old output beside flaky's new one.
    await fs.writeFile(path.join(workspace, 'marker'), '');
    const prepared = prepareDispatch({ text: JSON.stringify(plan.file), cwd: workspace, agents: builtInAgents(), overrides: { workspace } });
    const result = await runDispatch(prepared, { env, priorOutputs: plan.priorOutputs, rerunOf: plan.rerunOf });
    expect(result.status).toBe('success');
    expect(result.index.rerun_of).toBe(first.index.dispatch_id);
    expect(result.index.tasks.map((task) => task.task_id)).toEqual(['flaky', 'use', 'after-use']);
    const use = await readTaskTrace(path.dirname(result.indexPath), result.index.tasks[1]!.trace_file);
    const seen = (use.output as { json: Record<string, { json: unknown }> }).json;
    expect(seen.make?.json).toEqual({ n: 41 });
    expect(seen.flaky?.json).toBeNull();
    expect(Object.keys(seen).sort()).toEqual(['flaky', 'make']);
  });

  it('keeps what only the dispatch file knows (timeouts, retries) when the original tasks are given', async () => {
    const first = await run(JSON.stringify(dispatchFile));
    await fs.writeFile(path.join(workspace, 'ci.dispatch.json'), JSON.stringify(dispatchFile));
    const source = await readRerunSource(first.indexPath);
    expect(source.originalTasks?.get('flaky')?.timeout_seconds).toBe(30);
    const plan = planRerun(source);
    expect(plan.file.tasks[0]).toMatchObject({ task_id: 'flaky', timeout_seconds: 30, dependencies: [] });
    expect(plan.file.tasks[1]).not.toHaveProperty('depends_on');
    expect(plan.file.tasks[1]).toMatchObject({ task_id: 'use', dependencies: ['flaky'] });
  });

  it('reruns copies made by for_each under their own ids', async () => {
    await fs.mkdir(path.join(workspace, 'src'));
    await fs.writeFile(path.join(workspace, 'src', 'good.txt'), 'ok');
    await fs.writeFile(path.join(workspace, 'src', 'bad.txt'), 'FAIL');
    const first = await run(JSON.stringify({
      tasks: [{ task_id: 'check', agent: 'shell', for_each: { files: ['src/*.txt'] }, input_data: { command: '! grep -q FAIL {{file}}' } }],
      config: { trace_dir: 'traces' },
    }));
    const plan = planRerun(first);
    expect(plan.file.tasks).toEqual([{ task_id: 'check.src-bad.txt', agent: 'shell', description: '', input_data: { command: '! grep -q FAIL src/bad.txt' }, dependencies: [] }]);
  });

  it('says why when there is nothing to rerun or the traces are incomplete', async () => {
    const first = await run(JSON.stringify(dispatchFile));
    const allGood = { ...first.index, tasks: first.index.tasks.map((task) => ({ ...task, status: 'success' as const })) };
    expect(() => planRerun({ index: allGood, traces: first.traces })).toThrow(/every task of dispatch-\S+ succeeded/);
    expect(() => planRerun({ index: { ...first.index, status: 'running' }, traces: first.traces })).toThrow(RerunError);
    const withoutMake = new Map(first.traces);
    withoutMake.delete('make');
    expect(() => planRerun({ index: first.index, traces: withoutMake })).toThrow(/the traces of make are missing/);
  });
});
