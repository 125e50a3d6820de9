import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';

/** make ✓ (JSON output), broken ✗, after-broken skipped. */
const dispatch = {
  tasks: [
    { task_id: 'make', agent: 'shell', description: 'Make a number', input_data: { command: 'echo \'{"n": 41}\'' } },
    { task_id: 'broken', agent: 'shell', input_data: { command: 'echo "config file missing" >&2; exit 3' } },
    { task_id: 'after-broken', agent: 'shell', dependencies: ['broken'], input_data: { command: 'true' } },
  ],
};

let dir: string;
let index: any;
beforeAll(async () => {
  // Shared by the tests below, so not a per-test workspace.
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-show-')));
  await fs.mkdir(path.join(dir, 'sub'));
  await fs.writeFile(path.join(dir, 'a.dispatch.json'), JSON.stringify(dispatch));
  const run = await runCli(['run', 'a.dispatch.json', '-q'], { cwd: dir });
  expect(run.code, run.stderr).toBe(1);
  index = JSON.parse(await fs.readFile(run.json.trace_index, 'utf8'));
});

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('pdispatch show', () => {
  it('resolves paths against the current directory, and looks in ./traces of it by default', async () => {
    const sub = path.join(dir, 'sub');
    for (const args of [['show', '../traces'], ['show', '--trace-dir', '../traces'], ['show', index.dispatch_id, '--trace-dir', '../traces'], ['show', `../traces/${index.dispatch_id}.json`]]) {
      const result = await runCli(args, { cwd: sub });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(`dispatch  ${index.dispatch_id}`);
    }
    const none = await runCli(['show'], { cwd: sub });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no dispatch traces in ./traces; run one with: pdispatch run <file>');
    expectNoStackTrace(none);
  });

  it("shows a task's trace file: input, output, error, attempts", async () => {
    const file = path.join('traces', index.tasks[1].trace_file);
    const result = await runCli(['show', file], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('task      broken (shell)');
    expect(result.stdout).toMatch(/status\s+✗ error/);
    expect(result.stdout).toContain('error     agent: command exited with code 3');
    expect(result.stdout).toContain('"command": "echo \\"config file missing\\" >&2; exit 3"');
    expect(result.stdout).toContain('"exit_code": 3');
    expect(result.stdout).toMatch(/attempts\n\s+ATTEMPT\s+STATUS\s+DURATION\s+ERROR\n\s+1\s+✗ error/);
    const json = await runCli(['show', file, '--json'], { cwd: dir });
    expect(json.json).toMatchObject({ task_id: 'broken', status: 'error', output: { exit_code: 3 } });
    // The task folder stands for its dispatch.
    const folder = await runCli(['show', path.join('traces', index.dispatch_id)], { cwd: dir });
    expect(folder.stdout).toContain(`dispatch  ${index.dispatch_id}`);
  });

  it("--task prints one task's output; --json the raw value", async () => {
    const result = await runCli(['show', '--task', 'make'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ exit_code: 0, stdout: '{"n": 41}\n', json: { n: 41 } });
    expect(result.stderr).toBe('');
    const json = await runCli(['show', index.dispatch_id, '--task', 'make', '--json'], { cwd: dir });
    expect(json.json.json).toEqual({ n: 41 });
  });

  it('--task of a failed or skipped task prints why on stderr and exits 1', async () => {
    const broken = await runCli(['show', '--task', 'broken'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('task broken error: command exited with code 3');
    expect(JSON.parse(broken.stdout)).toMatchObject({ exit_code: 3 });
    const skipped = await runCli(['show', '--task', 'after-broken', '--json'], { cwd: dir });
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toContain('task after-broken skipped: skipped because task "broken" did not succeed');
    expect(skipped.json).toBeNull();
  });

  it('--task with an unknown id exits 2 with "did you mean"', async () => {
    const result = await runCli(['show', '--task', 'brokn'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: dispatch ${index.dispatch_id} has no task "brokn"; did you mean "broken"?`);
    expect(result.stdout).toBe('');
    expectNoStackTrace(result);
    const far = await runCli(['show', '--task', 'zzzzzzzz'], { cwd: dir });
    expect(far.stderr).toContain('its tasks: make, broken, after-broken');
  });

  it('names what it cannot read, without a stack trace', async () => {
    await fs.writeFile(path.join(dir, 'not-a-trace.json'), '{"hello": 1}');
    for (const [args, message] of [
      [['show', 'not-a-trace.json'], 'not a Parallel Dispatcher trace'],
      [['show', 'dispatch-20990101_000000-00000000'], 'no dispatch "dispatch-20990101_000000-00000000" in ./traces (the newest there is'],
      [['show', 'nowhere'], '"nowhere" is neither a trace file'],
      [['show', '--list', 'a.dispatch.json'], 'cannot read the trace directory a.dispatch.json: it is a file'],
    ] as const) {
      const result = await runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expectNoStackTrace(result);
    }
  });

  it("shows a dispatch's synthesis.json as its JSON, and refuses it as a dispatch for --task and rerun", async () => {
    const file = path.join('traces', index.dispatch_id, 'synthesis.json');
    const record = { schema_version: 1, request: 'Check the build', model: { provider: 'anthropic', model: 'm' }, model_calls: [], answer: { answer: 'All good.', highlights: [], follow_ups: [] }, error: null };
    await fs.writeFile(path.join(dir, file), JSON.stringify(record));
    const shown = await runCli(['show', file], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ request: 'Check the build', answer: { answer: 'All good.' } });
    for (const args of [['show', file, '--task', 'make'], ['rerun', '--failed', file]]) {
      const refused = await runCli(args, { cwd: dir });
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain('is the synthesis.json of a dispatch');
      expectNoStackTrace(refused);
    }
    await fs.rm(path.join(dir, file));
  });
});

describe('a dry run says so everywhere', () => {
  it('in the progress, the stdout document, the index and show --list', async () => {
    const work = await tempWorkspace();
    await fs.writeFile(path.join(work, 'd.dispatch.json'), JSON.stringify({ tasks: [{ task_id: 'a', agent: 'shell', input_data: { command: 'touch ran' } }] }));
    expect((await runCli(['run', 'd.dispatch.json', '-q'], { cwd: work })).code).toBe(0);
    const dry = await runCli(['run', 'd.dispatch.json', '--dry-run'], { cwd: work });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('dry run: nothing is executed');
    expect(dry.json.dry_run).toBe(true);
    expect(JSON.parse(await fs.readFile(dry.json.trace_index, 'utf8')).dry_run).toBe(true);
    const list = await runCli(['show', '--list'], { cwd: work });
    const [heading, newest, older] = list.stdout.trim().split('\n');
    expect(heading).toMatch(/DISPATCH\s+STATUS\s+SUCCEEDED\s+WALL TIME\s+NOTE/);
    expect(newest).toMatch(/✓ success\s+1\/1\s+\d+(\.\d+)? m?s\s+dry run$/);
    expect(older).not.toContain('dry run');
    const listed = await runCli(['show', '--list', '--json'], { cwd: work });
    expect(listed.code).toBe(0);
    expect(listed.json.map((entry: { dry_run: boolean; status: string }) => [entry.dry_run, entry.status])).toEqual([
      [true, 'success'],
      [false, 'success'],
    ]);
    expect(listed.json[0].index).toBe(dry.json.trace_index);
  });
});
