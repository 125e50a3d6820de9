import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { copyOfExamples } from '../support/copy-of-examples.js';
import { isAlive, runCli, waitFor } from '../support/run-cli.js';

async function writeDispatch(dir: string, name: string, dispatch: unknown): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, typeof dispatch === 'string' ? dispatch : JSON.stringify(dispatch, null, 2));
  return file;
}

async function readJson(file: string): Promise<any> {
  return JSON.parse(await fs.readFile(file, 'utf8'));
}

describe('pdispatch run', () => {
  it('runs the CI pipeline example as written', async () => {
    const dir = await copyOfExamples();
    const result = await runCli(['run', 'examples/ci-pipeline.dispatch.json', '--trace-dir', dir, '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ success: true, status: 'success', summary: { total: 6, success: 6 } });
    const index = await readJson(result.json.trace_index);
    expect(index.tasks.map((task: any) => task.task_id)).toEqual(['install', 'lint', 'typecheck', 'test', 'package', 'report']);
    const report = await readJson(path.join(dir, index.tasks[5].trace_file));
    expect(report.output.stdout).toMatch(/^packaged sample-project\.tgz \(\d+ bytes\)/);
    expect(result.stderr).toBe('');
  });

  it('reads the dispatch from stdin and resolves paths against the current directory', async () => {
    const dir = await tempWorkspace();
    const dispatch = { tasks: [{ task_id: 'where', agent: 'shell', input_data: { command: 'pwd' } }] };
    const result = await runCli(['run', '-'], { cwd: dir, stdin: JSON.stringify(dispatch) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.trace_index.startsWith(path.join(dir, 'traces'))).toBe(true);
    const index = await readJson(result.json.trace_index);
    expect(index.source.path).toBeNull();
    const task = await readJson(path.join(dir, 'traces', index.tasks[0].trace_file));
    expect(task.output.stdout.trim()).toBe(dir);
  });

  it('never runs more than max_workers tasks at once', async () => {
    const dir = await tempWorkspace();
    const tasks = Array.from({ length: 8 }, (_, n) => ({
      task_id: `t${n}`,
      agent: 'shell',
      input_data: { command: `node -e "console.log(Date.now())" >> spans/t${n}; sleep 0.2; node -e "console.log(Date.now())" >> spans/t${n}` },
    }));
    await fs.mkdir(path.join(dir, 'spans'));
    const file = await writeDispatch(dir, 'wide.dispatch.json', { tasks, config: { max_workers: 3 } });
    const result = await runCli(['run', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    const spans = await Promise.all(tasks.map(async (task) => (await fs.readFile(path.join(dir, 'spans', task.task_id), 'utf8')).trim().split('\n').map(Number)));
    const points = spans.flatMap(([start, end]) => [{ at: start!, delta: 1 }, { at: end!, delta: -1 }]).sort((a, b) => a.at - b.at || a.delta - b.delta);
    let running = 0;
    let most = 0;
    for (const point of points) most = Math.max(most, (running += point.delta));
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });

  it('kills a timed-out task together with the processes it started', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, 'slow.dispatch.json', {
      tasks: [{ task_id: 'slow', agent: 'shell', timeout_seconds: 0.5, input_data: { command: 'sleep 30 & echo $! > child.pid; sleep 30' } }],
    });
    const result = await runCli(['run', file, '-q']);
    expect(result.code).toBe(1);
    expect(result.json.tasks[0]).toMatchObject({ status: 'error', error: { kind: 'timeout', message: 'timed out after 0.5 s' } });
    const pid = Number(await fs.readFile(path.join(dir, 'child.pid'), 'utf8'));
    await waitFor(() => !isAlive(pid), 3000);
  });

  it('cancels on SIGINT: running tasks stopped, the rest cancelled, traces complete, exit 130', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, 'long.dispatch.json', {
      tasks: [
        { task_id: 'long', agent: 'shell', input_data: { command: 'sleep 30 & echo $! > child.pid; wait' } },
        { task_id: 'after', agent: 'shell', input_data: { command: 'true' }, dependencies: ['long'] },
      ],
    });
    const result = await runCli(['run', file], {
      onSpawn: (child, stderr) => {
        void waitFor(() => stderr().includes('long started')).then(() => waitFor(async () => (await fs.stat(path.join(dir, 'child.pid')).catch(() => null)) !== null)).then(() => child.kill('SIGINT'));
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('SIGINT received');
    expect(result.json.status).toBe('cancelled');
    const index = await readJson(result.json.trace_index);
    expect(index.status).toBe('cancelled');
    expect(index.tasks.map((task: any) => task.status)).toEqual(['cancelled', 'cancelled']);
    for (const task of index.tasks) expect((await readJson(path.join(dir, 'traces', task.trace_file))).status).toBe('cancelled');
    const pid = Number(await fs.readFile(path.join(dir, 'child.pid'), 'utf8'));
    await waitFor(() => !isAlive(pid), 3000);
  });

  it('retries a failing task with backoff and records every attempt', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, 'flaky.dispatch.yaml', [
      'config: { retries: 1 }',
      'tasks:',
      '  - task_id: flaky',
      '    agent: shell',
      '    input_data: { command: "if [ -e seen ]; then echo ok; else touch seen; exit 1; fi" }',
    ].join('\n'));
    const result = await runCli(['run', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    const index = await readJson(result.json.trace_index);
    const trace = await readJson(path.join(dir, 'traces', index.tasks[0].trace_file));
    expect(trace.attempts.map((attempt: any) => attempt.status)).toEqual(['error', 'success']);
    expect(trace.events.map((event: any) => event.type)).toContain('retrying');
  });

  it('with --dry-run schedules and traces every task without running any', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, 'dry.dispatch.json', {
      tasks: [
        { task_id: 'a', agent: 'shell', input_data: { command: 'touch ran-a' } },
        { task_id: 'b', agent: 'shell', input_data: { command: 'touch ran-b' }, depends_on: ['a'] },
      ],
    });
    const result = await runCli(['run', '--dry-run', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    await expect(fs.stat(path.join(dir, 'ran-a'))).rejects.toThrow();
    const index = await readJson(result.json.trace_index);
    expect(index).toMatchObject({ dry_run: true, status: 'success', summary: { success: 2 } });
    expect((await readJson(path.join(dir, 'traces', index.tasks[1].trace_file))).events.map((event: any) => event.type)).toEqual(['queued', 'started', 'finished']);
  });

  it('writes scheduler events as NDJSON with --events', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, 'e.dispatch.json', { tasks: [{ task_id: 'one', agent: 'shell', input_data: { command: 'true' } }] });
    const events = path.join(dir, 'events.ndjson');
    const result = await runCli(['run', file, '-q', '--events', events]);
    expect(result.code).toBe(0);
    const types = (await fs.readFile(events, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).type);
    expect(types).toEqual(['dispatch-started', 'task-queued', 'task-started', 'task-progress', 'task-finished', 'dispatch-finished']);
  });

  it('exits 2 on an invalid dispatch, runs nothing and writes no trace', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, 'bad.dispatch.json', {
      tasks: [
        { task_id: 'a', agent: 'shell', input_data: { command: 'touch ran' }, dependencies: ['c'] },
        { task_id: 'b', agent: 'nope', input_data: {} },
        { task_id: 'c', agent: 'shell', input_data: { command: 'true' }, dependencies: ['a'] },
      ],
    });
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tasks[0].dependencies: circular dependency: a -> c -> a');
    expect(result.stderr).toContain('tasks[1].agent: unknown agent "nope" (known agents: coder, debug, shell)');
    expect(result.json).toMatchObject({ success: false, status: 'invalid' });
    await expect(fs.stat(path.join(dir, 'traces'))).rejects.toThrow();
    await expect(fs.stat(path.join(dir, 'ran'))).rejects.toThrow();
  });
});
