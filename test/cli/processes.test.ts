import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { isAlive, REPO, runCli, waitFor, type CliResult } from '../support/run-cli.js';
import { writeDispatch } from '../support/write-dispatch.js';

async function traceOf(result: CliResult, taskId: string): Promise<any> {
  const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
  const entry = index.tasks.find((task: { task_id: string }) => task.task_id === taskId);
  return JSON.parse(await fs.readFile(path.join(path.dirname(result.json.trace_index), entry.trace_file), 'utf8'));
}

function expectNoStackTrace(result: CliResult): void {
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).not.toContain('unexpected failure');
  }
}

describe('file names in for_each commands', () => {
  it('reach the command as the real name and never run as commands', async () => {
    const dir = await tempWorkspace();
    const names = ['x$(touch PWNED).txt', 'a\ntouch PWNED.txt', `it's "\`touch PWNED\`".txt`];
    await fs.mkdir(path.join(dir, 'in'));
    for (const name of names) await fs.writeFile(path.join(dir, 'in', name), 'x');
    const file = await writeDispatch(dir, {
      tasks: [
        { task_id: 'bare', agent: 'shell', for_each: { files: ['in/*.txt'] }, input_data: { command: 'printf %s {{file}}' } },
        { task_id: 'quoted', agent: 'shell', for_each: { files: ['in/*.txt'] }, input_data: { command: 'printf %s "{{file}}"' } },
        { task_id: 'argv', agent: 'shell', for_each: { files: ['in/*.txt'] }, input_data: { argv: ['printf', '%s', '{{file}}'] } },
      ],
    });
    const result = await runCli(['run', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    expectNoStackTrace(result);
    expect(result.json.summary).toMatchObject({ total: 9, success: 9 });
    const stdouts = await Promise.all(result.json.tasks.map(async (task: { task_id: string }) => (await traceOf(result, task.task_id)).output.stdout));
    expect(stdouts.sort()).toEqual([...names, ...names, ...names].map((name) => `in/${name}`).sort());
    expect(await fs.readdir(dir)).not.toContain('PWNED');
    expect(await fs.readdir(path.join(dir, 'in'))).not.toContain('PWNED');
  });

  it('are refused, before anything runs, where no quoting is safe', async () => {
    const dir = await tempWorkspace();
    await fs.writeFile(path.join(dir, 'a.txt'), 'x');
    const file = await writeDispatch(dir, {
      tasks: [{ task_id: 'here', agent: 'shell', for_each: { files: ['*.txt'] }, input_data: { command: 'cat <<EOF\n{{file}}\nEOF' } }],
    });
    const result = await runCli(['run', file, '-q']);
    expect(result.code).toBe(2);
    expectNoStackTrace(result);
    expect(result.stderr).toContain('tasks[0].input_data.command: {{file}} cannot be quoted safely inside a here-document');
    await expect(fs.stat(path.join(dir, 'traces'))).rejects.toThrow();
  });
});

describe('task processes', () => {
  it("reports a failed command by its error's message, not by the boilerplate after it", async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, {
      tasks: [
        { task_id: 'node', agent: 'shell', input_data: { command: 'node -e \'throw new Error("config file missing")\'' } },
        { task_id: 'python', agent: 'shell', input_data: { argv: ['python3', '-c', 'raise KeyError("db_url")'] } },
      ],
    });
    const result = await runCli(['run', file, '-q']);
    expect(result.code).toBe(1);
    expectNoStackTrace(result);
    expect(result.json.tasks.map((task: { error: { message: string } }) => task.error.message)).toEqual([
      'command exited with code 1: Error: config file missing',
      "command exited with code 1: KeyError: 'db_url'",
    ]);
    expect((await traceOf(result, 'node')).error.message).toBe('command exited with code 1: Error: config file missing');
  });

  it('hands a 1 MiB output to its dependent, and large input through a file', async () => {
    const dir = await tempWorkspace();
    const read = [
      "const fs = require('node:fs');",
      "const deps = JSON.parse(fs.readFileSync(process.env.PDISPATCH_DEPENDENCIES_FILE, 'utf8'));",
      "const input = JSON.parse(fs.readFileSync(process.env.PDISPATCH_INPUT_FILE, 'utf8'));",
      "const stdin = fs.readFileSync(0, 'utf8');",
      'console.log(JSON.stringify({ dependency: deps.produce.stdout.length, input: input.stdin.length, stdin: stdin.length,',
      '  inEnvironment: [process.env.PDISPATCH_DEPENDENCIES, process.env.PDISPATCH_INPUT].map((value) => value !== undefined),',
      '  folder: require("node:path").dirname(process.env.PDISPATCH_INPUT_FILE) }));',
    ].join('\n');
    const file = await writeDispatch(dir, {
      tasks: [
        { task_id: 'produce', agent: 'shell', input_data: { argv: ['node', '-e', "process.stdout.write('x'.repeat(1024 * 1024))"] } },
        { task_id: 'consume', agent: 'shell', depends_on: ['produce'], input_data: { argv: ['node', '-e', read], stdin: 'y'.repeat(300 * 1024) } },
        { task_id: 'small', agent: 'shell', depends_on: ['consume'], input_data: { command: 'printf %s "$PDISPATCH_DEPENDENCIES" | wc -c' } },
      ],
    });
    const result = await runCli(['run', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    expectNoStackTrace(result);
    const seen = (await traceOf(result, 'consume')).output.json;
    expect(seen).toMatchObject({ dependency: 1024 * 1024, input: 300 * 1024, stdin: 300 * 1024, inEnvironment: [false, false] });
    await expect(fs.stat(seen.folder)).rejects.toThrow();
    expect(Number((await traceOf(result, 'small')).output.stdout)).toBeGreaterThan(100);
  });

  it('ends a task when its process exits, though a process it started in another session holds the output open', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, {
      tasks: [{ task_id: 'escape', agent: 'shell', timeout_seconds: 120, input_data: { command: 'setsid sleep 600 & echo $! > escaped.pid; echo started' } }],
    });
    try {
      const result = await runCli(['run', file, '-q']);
      expect(result.code, result.stderr).toBe(0);
      expectNoStackTrace(result);
      expect(result.json.tasks[0]).toMatchObject({ task_id: 'escape', status: 'success' });
      expect((await traceOf(result, 'escape')).output.stdout).toBe('started\n');
    } finally {
      const pid = Number(await fs.readFile(path.join(dir, 'escaped.pid'), 'utf8').catch(() => ''));
      if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('kills a task that ignores SIGTERM on the second SIGINT, completes the traces and exits 130', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, {
      tasks: [
        { task_id: 'deaf', agent: 'shell', input_data: { command: "trap '' TERM; echo $$ > shell.pid; sleep 60 & echo $! > sleep.pid; wait $!" } },
        { task_id: 'after', agent: 'shell', depends_on: ['deaf'], input_data: { command: 'true' } },
      ],
    });
    const pidFile = (name: string) => fs.readFile(path.join(dir, name), 'utf8').then((text) => Number(text) || undefined, () => undefined);
    const result = await runCli(['run', file], {
      onSpawn: (child, stderr) => {
        void waitFor(async () => (await pidFile('sleep.pid')) !== undefined)
          .then(() => child.kill('SIGINT'))
          .then(() => waitFor(() => stderr().includes('SIGINT received')))
          .then(() => child.kill('SIGINT'));
      },
    });
    const pids = [await pidFile('shell.pid'), await pidFile('sleep.pid')];
    try {
      expect(result.code, result.stderr).toBe(130);
      expectNoStackTrace(result);
      expect(result.stderr).toContain('SIGINT received again: killing running tasks');
      expect(result.json.status).toBe('cancelled');
      const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
      expect(index.status).toBe('cancelled');
      expect(index.tasks.map((task: { status: string }) => task.status)).toEqual(['cancelled', 'cancelled']);
      for (const task of ['deaf', 'after']) expect((await traceOf(result, task)).status).toBe('cancelled');
      for (const pid of pids) await waitFor(() => !isAlive(pid!), 1000);
    } finally {
      for (const pid of pids) if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('with max_workers 1 starts the next task only once a timed-out task ignoring SIGTERM is gone', async () => {
    const dir = await tempWorkspace();
    await fs.mkdir(path.join(dir, 'ticks'));
    const stamp = (name: string) => `date +%s%3N >> ticks/${name}`;
    const file = await writeDispatch(dir, {
      config: { max_workers: 1 },
      tasks: [
        { task_id: 'deaf', agent: 'shell', timeout_seconds: 0.5, input_data: { command: `trap '' TERM; while :; do ${stamp('deaf')}; sleep 0.05; done` } },
        // Gives "deaf" the longer remaining path, so it starts first.
        { task_id: 'needs-deaf', agent: 'shell', depends_on: ['deaf'], input_data: { command: 'true' } },
        ...['b', 'c', 'd'].map((name) => ({ task_id: name, agent: 'shell', input_data: { command: `${stamp(name)}; sleep 0.1; ${stamp(name)}` } })),
      ],
    });
    const result = await runCli(['run', file, '-q']);
    expect(result.code).toBe(1);
    expectNoStackTrace(result);
    expect(result.json.tasks.map((task: { task_id: string; status: string }) => [task.task_id, task.status])).toEqual([
      ['deaf', 'error'],
      ['needs-deaf', 'skipped'],
      ['b', 'success'],
      ['c', 'success'],
      ['d', 'success'],
    ]);
    expect(result.json.tasks[0].error.kind).toBe('timeout');
    const spans = await Promise.all(
      ['deaf', 'b', 'c', 'd'].map(async (name) => {
        const ticks = (await fs.readFile(path.join(dir, 'ticks', name), 'utf8')).trim().split('\n').map(Number);
        return { name, start: Math.min(...ticks), end: Math.max(...ticks) };
      }),
    );
    spans.sort((a, b) => a.start - b.start);
    expect(spans[0]!.name).toBe('deaf');
    // The grace between SIGTERM and SIGKILL is 2 s: "deaf" kept ticking through it.
    expect(spans[0]!.end - spans[0]!.start).toBeGreaterThan(1000);
    for (let n = 1; n < spans.length; n++) expect(spans[n]!.start, `${spans[n]!.name} started while ${spans[n - 1]!.name} ran`).toBeGreaterThanOrEqual(spans[n - 1]!.end);
  });
});

describe('the failure-handling example', () => {
  it('shows the same retry on every run and leaves nothing behind in examples/', async () => {
    const examples = path.join(REPO, 'examples');
    const before = await fs.readdir(examples, { recursive: true });
    for (let run = 1; run <= 2; run++) {
      const traces = await tempWorkspace();
      const result = await runCli(['run', 'examples/failure-handling.dispatch.yaml', '--trace-dir', traces, '-q']);
      expect(result.code, result.stderr).toBe(1);
      expectNoStackTrace(result);
      const flaky = await traceOf(result, 'flaky');
      expect(flaky.status).toBe('success');
      expect(flaky.attempts.map((attempt: { status: string }) => attempt.status)).toEqual(['error', 'success']);
      expect(flaky.output.stdout).toBe('second attempt worked\n');
      expect((await traceOf(result, 'independent')).output.stdout).toBe('second attempt worked\n');
    }
    expect(await fs.readdir(examples, { recursive: true })).toEqual(before);
  });
});
