import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';

/** make and flaky (fails once, then succeeds) side by side; join needs both; broken fails and after-broken is skipped. */
const dispatch = {
  tasks: [
    { task_id: 'make', agent: 'shell', input_data: { command: 'echo 41' } },
    { task_id: 'flaky', agent: 'shell', retries: 1, input_data: { command: 'if [ -f once ]; then echo ok; else touch once; exit 1; fi' } },
    { task_id: 'join', agent: 'shell', dependencies: ['make', 'flaky'], input_data: { command: 'echo joined' } },
    { task_id: 'broken', agent: 'shell', input_data: { command: 'exit 3' } },
    { task_id: 'after-broken', agent: 'shell', dependencies: ['broken'], input_data: { command: 'true' } },
  ],
  config: { max_workers: 2 },
};

let dir: string;
let index: any;
let latest: any;
beforeAll(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-export-')));
  await fs.writeFile(path.join(dir, 'a.dispatch.json'), JSON.stringify(dispatch));
  await fs.writeFile(path.join(dir, 'b.dispatch.json'), JSON.stringify({ tasks: [{ task_id: 'only', agent: 'shell', input_data: { command: 'true' } }] }));
  const run = await runCli(['run', 'a.dispatch.json', '-q'], { cwd: dir });
  expect(run.code, run.stderr).toBe(1);
  index = JSON.parse(await fs.readFile(run.json.trace_index, 'utf8'));
  const second = await runCli(['run', 'b.dispatch.json', '-q'], { cwd: dir });
  expect(second.code, second.stderr).toBe(0);
  latest = JSON.parse(await fs.readFile(second.json.trace_index, 'utf8'));
});

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('pdispatch export --format perfetto', () => {
  it('writes a trace Perfetto opens: a thread per worker, a slice per attempt, flows for dependencies', async () => {
    const result = await runCli(['export', index.dispatch_id, '--format', 'perfetto', '-o', 'trace.perfetto.json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wrote trace.perfetto.json (perfetto, 5 tasks of ${index.dispatch_id})`);
    const trace = JSON.parse(await fs.readFile(path.join(dir, 'trace.perfetto.json'), 'utf8'));
    expect(trace.displayTimeUnit).toBe('ms');
    const events: any[] = trace.traceEvents;
    const threads = new Map(events.filter((event) => event.name === 'thread_name').map((event) => [event.tid, event.args.name]));
    expect([...threads.values()].sort()).toEqual(['worker 1', 'worker 2']);
    expect(events.find((event) => event.name === 'process_name').args.name).toBe(`dispatch ${index.dispatch_id}`);

    const slices = events.filter((event) => event.ph === 'X');
    expect(slices.map((event) => event.name).sort()).toEqual(['broken', 'flaky (attempt 1)', 'flaky (attempt 2)', 'join', 'make']);
    // Each attempt's slice is where and how long its task trace says it ran, in µs from the dispatch's start.
    const origin = Date.parse(index.started_at);
    for (const task of index.tasks.filter((task: any) => task.started_at !== null)) {
      const trace = JSON.parse(await fs.readFile(path.join(dir, 'traces', task.trace_file), 'utf8'));
      for (const attempt of trace.attempts) {
        const name = trace.attempts.length > 1 ? `${task.task_id} (attempt ${attempt.attempt})` : task.task_id;
        const slice = slices.find((event) => event.name === name);
        expect(slice.ts, name).toBe((Date.parse(attempt.started_at) - origin) * 1000);
        expect(slice.dur, name).toBe((Date.parse(attempt.ended_at) - Date.parse(attempt.started_at)) * 1000);
        expect(slice.args).toMatchObject({ status: attempt.status, agent: 'shell', attempt: attempt.attempt, input_tokens: 0, output_tokens: 0 });
      }
    }
    expect(slices.find((event) => event.name === 'broken').args.error).toBe('agent: command exited with code 3');
    expect(slices.find((event) => event.name === 'flaky (attempt 1)').args).toMatchObject({ status: 'error', attempt: 1 });

    for (const tid of threads.keys()) {
      const list = slices.filter((event) => event.tid === tid).sort((x, y) => x.ts - y.ts);
      for (let at = 1; at < list.length; at++) expect(list[at].ts, threads.get(tid)).toBeGreaterThanOrEqual(list[at - 1].ts + list[at - 1].dur);
    }
    const flows = events.filter((event) => event.ph === 's' || event.ph === 'f');
    expect(flows.map((event) => `${event.ph} ${event.name}`).sort()).toEqual(['f flaky → join', 'f make → join', 's flaky → join', 's make → join']);
  });

  it('writes to standard output without -o, and exports the latest dispatch by default', async () => {
    const result = await runCli(['export', '--format', 'perfetto'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.traceEvents.find((event: any) => event.name === 'process_name').args.name).toBe(`dispatch ${latest.dispatch_id}`);
    expect(result.json.traceEvents.filter((event: any) => event.ph === 'X').map((event: any) => event.name)).toEqual(['only']);
  });
});

describe('pdispatch export --format markdown', () => {
  it('writes the summary table and the gantt, from a task trace of the dispatch too', async () => {
    const result = await runCli(['export', path.join('traces', index.tasks[0].trace_file), '--format', 'markdown'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = result.stdout;
    expect(text).toContain(`## ❌ Dispatch \`${index.dispatch_id}\` — failed: 1 of 5 tasks failed, 1 skipped\n`);
    expect(text).toContain('**5 tasks**: 3 succeeded · 1 failed · 1 skipped · 0 cancelled');
    expect(text).toContain('| Task | Status | Agent | Duration | Tokens | Error |');
    expect(text).toContain('| `broken` | ❌ error | `shell` |');
    expect(text).toContain('| `after-broken` | ⏭️ skipped | `shell` | – | – | dependency: skipped because task "broken" did not succeed |');
    const gantt = text.slice(text.indexOf('```mermaid\ngantt\n'));
    for (const id of ['make', 'flaky', 'join', 'broken']) expect(gantt).toMatch(new RegExp(`^ {4}${id} :`, 'm'));
    expect(gantt).not.toContain('after-broken');
  });

  it('writes the latest dispatch to a file with -o', async () => {
    const result = await runCli(['export', '--format', 'markdown', '-o', 'summary.md'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(await fs.readFile(path.join(dir, 'summary.md'), 'utf8')).toContain(`## ✅ Dispatch \`${latest.dispatch_id}\` — its task succeeded`);
  });
});

describe('pdispatch export, with a bad target', () => {
  it('says what it could not find, with exit code 2 and no stack trace', async () => {
    for (const format of ['perfetto', 'markdown']) {
      const result = await runCli(['export', 'no-such-dispatch', '--format', format], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('"no-such-dispatch" is neither a trace file, a dispatch id in ./traces, nor a trace directory');
      expectNoStackTrace(result);
    }
    const empty = await runCli(['export', '--format', 'markdown', '--trace-dir', 'nowhere'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no dispatch traces in nowhere');
    expectNoStackTrace(empty);
    const unwritable = await runCli(['export', '--format', 'perfetto', '-o', 'missing/folder/trace.json'], { cwd: dir });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('cannot write -o missing/folder/trace.json: its folder does not exist');
    expectNoStackTrace(unwritable);
  });
});
