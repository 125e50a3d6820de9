import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { smallFileSystem } from '../support/small-file-system.js';
import { writeDispatch } from '../support/write-dispatch.js';

function expectNoStackTrace(result: CliResult): void {
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).not.toContain('unexpected failure');
  }
}

/** Every file under a folder, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

const oneTask = { tasks: [{ task_id: 'a', agent: 'shell', input_data: { command: 'touch ran' } }] };

describe('pdispatch run: the trace directory', () => {
  it('refuses a file as the trace directory with exit 2, before anything runs', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, oneTask);
    await fs.writeFile(path.join(dir, 'some-file'), 'x');
    const result = await runCli(['run', file, '--trace-dir', path.join(dir, 'some-file')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`config.trace_dir: trace directory ${path.join(dir, 'some-file')} is a file`);
    expect(result.json).toMatchObject({ success: false, status: 'invalid', errors: [{ path: 'config.trace_dir' }] });
    expectNoStackTrace(result);
    expect((await fs.readdir(dir)).sort()).toEqual(['some-file', 'tasks.dispatch.json']);
  });

  it.runIf(process.platform === 'linux')('refuses /proc/nope and /dev/full at once instead of hanging', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, oneTask);
    for (const traceDir of ['/proc/nope', '/dev/full', '/dev/full/traces']) {
      const started = Date.now();
      const result = await runCli(['run', file, '-q', '--trace-dir', traceDir]);
      // Generous for a busy machine: the bug never ended at all.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.code, traceDir).toBe(2);
      expect(result.stderr).toContain(`config.trace_dir: trace directory ${traceDir} `);
      expectNoStackTrace(result);
    }
    expect(await fs.readdir(dir)).toEqual(['tasks.dispatch.json']);
  });

  it('refuses a read-only trace directory', async (context) => {
    const mounted = await smallFileSystem({ readOnly: true });
    if ('unavailable' in mounted) return context.skip(`no read-only file system can be made here: ${mounted.unavailable}`);
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, oneTask);
    const result = await runCli(['run', file, '-q', '--trace-dir', path.join(mounted.dir, 'traces')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be created: the file system is read-only');
    expectNoStackTrace(result);
    await expect(fs.stat(path.join(dir, 'ran'))).rejects.toThrow();
  });

  it('on a disk that fills up during the run: a clear error, the result on stdout, and an index naming only files written', async (context) => {
    const mounted = await smallFileSystem({ kilobytes: 64 });
    if ('unavailable' in mounted) return context.skip(`no small file system can be made here: ${mounted.unavailable}`);
    const dir = await tempWorkspace();
    // 12 tasks of ~12 KB of output each: more traces than 64 KB can hold.
    const tasks = Array.from({ length: 12 }, (_, n) => ({ task_id: `t${n}`, agent: 'shell', input_data: { command: `head -c 9000 /dev/zero | tr '\\0' x; touch ran-${n}` } }));
    const file = await writeDispatch(dir, { tasks, config: { max_workers: 2 } });
    const result = await runCli(['run', file, '-q', '--trace-dir', mounted.dir]);
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: could not write traces in .+: no space left on the device; .+ not written$/m);
    expect(result.json).toMatchObject({ success: false, status: 'success', trace_error: expect.stringContaining('no space left on the device') });
    expect(result.json.tasks.map((task: { status: string }) => task.status)).toEqual(tasks.map(() => 'success'));
    for (let n = 0; n < tasks.length; n++) await fs.stat(path.join(dir, `ran-${n}`)); // the tasks themselves ran
    // Whichever index made it to disk, it names only task files that exist, and no temporary file is left.
    const written = await filesUnder(mounted.dir);
    expect(written.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const indexFile = written.find((name) => /^dispatch-[^/]+\.json$/.test(name));
    expect(indexFile).toBeDefined();
    const index = JSON.parse(await fs.readFile(path.join(mounted.dir, indexFile!), 'utf8'));
    for (const task of index.tasks) {
      if (task.trace_file !== null) expect(written).toContain(task.trace_file);
      else if (task.trace_error !== null) expect(task.trace_error).toMatch(/^not written: no space left on the device/);
    }
    expect(index.tasks.filter((task: { trace_file: string | null }) => task.trace_file === null).length).toBeGreaterThan(0);
  });
});

describe('pdispatch run: secrets and deep values', () => {
  it('redacts a real secret on stdout, stderr, events and traces, and leaves common words and JSON intact', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, {
      tasks: [
        { task_id: 'ok', agent: 'shell', input_data: { command: 'echo \'{"status": "success", "result": "success"}\'' } },
        { task_id: 'leak', agent: 'shell', input_data: { command: 'echo "key=$MY_API_KEY" >&2; exit 1' } },
      ],
    });
    const events = path.join(dir, 'events.ndjson');
    const result = await runCli(['run', file, '--events', events], { env: { MY_API_KEY: 'sk-test-123456789', PRIVATE_MODE: 'success', X_TOKEN: '": "success' } });
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    const leak = result.json.tasks.find((task: { task_id: string }) => task.task_id === 'leak');
    expect(leak.error.message).toBe('command exited with code 1: key=***');
    const eventsText = await fs.readFile(events, 'utf8');
    const traceTexts = await Promise.all((await filesUnder(path.join(dir, 'traces'))).map((name) => fs.readFile(path.join(dir, 'traces', name), 'utf8')));
    for (const text of [result.stdout, result.stderr, eventsText, ...traceTexts]) expect(text).not.toContain('sk-test-123456789');
    expect(result.stderr).toContain('key=***');
    // Every trace is valid JSON with its keys and statuses intact, although PRIVATE_MODE=success.
    const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
    expect(index.tasks.map((task: { status: string }) => task.status)).toEqual(['success', 'error']);
    const ok = JSON.parse(await fs.readFile(path.join(dir, 'traces', index.tasks[0].trace_file), 'utf8'));
    expect(ok).toMatchObject({ status: 'success', output: { json: { status: 'success', result: 'success' } } });
    // The JSON-looking X_TOKEN is redacted inside the string values that contain it, never in the structure.
    expect(ok.output.stdout).toBe('{"status***", "result***"}\n');
    for (const line of eventsText.trim().split('\n')) JSON.parse(line);
  });

  it('traces a task whose output is nested 5,000 deep, capped with a marker', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, {
      tasks: [{ task_id: 'deep', agent: 'shell', input_data: { command: `node -e 'process.stdout.write("[".repeat(5000) + "]".repeat(5000))'` } }],
    });
    const result = await runCli(['run', file, '-q']);
    expectNoStackTrace(result);
    expect(result.code, result.stderr).toBe(0);
    const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
    const trace = JSON.parse(await fs.readFile(path.join(dir, 'traces', index.tasks[0].trace_file), 'utf8'));
    expect(trace.status).toBe('success');
    expect(JSON.stringify(trace.output.json)).toContain('nested deeper than 100 levels');
  });
});
