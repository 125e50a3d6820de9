import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';

/** make ✓ and other ✓ count their runs; flaky ✗ until fixed.txt exists; use (make, flaky) and after-use (use) are skipped. */
const dispatch = {
  tasks: [
    { task_id: 'make', agent: 'shell', input_data: { command: 'echo run >> make.runs; echo \'{"n": 41}\'' } },
    { task_id: 'flaky', agent: 'shell', input_data: { command: 'test -f fixed.txt && echo \'{"fixed": true}\'' } },
    { task_id: 'use', agent: 'shell', depends_on: ['make', 'flaky'], input_data: { command: 'printf %s "$PDISPATCH_DEPENDENCIES"' } },
    { task_id: 'other', agent: 'shell', input_data: { command: 'echo run >> other.runs' } },
    { task_id: 'after-use', agent: 'shell', dependencies: ['use'], input_data: { command: 'echo done' } },
  ],
};

async function failedRun(): Promise<{ dir: string; first: any }> {
  const dir = await tempWorkspace();
  await fs.writeFile(path.join(dir, 'ci.dispatch.json'), JSON.stringify(dispatch));
  const first = await runCli(['run', 'ci.dispatch.json', '-q'], { cwd: dir });
  expect(first.code, first.stderr).toBe(1);
  return { dir, first: first.json };
}

const lines = async (file: string) => (await fs.readFile(file, 'utf8')).trim().split('\n').length;

describe('pdispatch rerun --failed', () => {
  it('runs only the failed and skipped tasks; dependents see the old outputs; the new index names the old one', async () => {
    const { dir, first } = await failedRun();
    const firstId = path.basename(first.trace_index, '.json');
    await fs.writeFile(path.join(dir, 'fixed.txt'), '');

    const rerun = await runCli(['rerun', '--failed'], { cwd: dir });
    expect(rerun.code, rerun.stderr).toBe(0);
    expectNoStackTrace(rerun);
    expect(rerun.stderr).toContain(`rerunning flaky, use, after-use of ${firstId}`);
    expect(rerun.json).toMatchObject({ success: true, status: 'success', rerun_of: firstId });
    expect(rerun.json.tasks.map((task: any) => [task.task_id, task.status])).toEqual([
      ['flaky', 'success'],
      ['use', 'success'],
      ['after-use', 'success'],
    ]);
    expect(await lines(path.join(dir, 'make.runs'))).toBe(1);
    expect(await lines(path.join(dir, 'other.runs'))).toBe(1);

    const index = JSON.parse(await fs.readFile(rerun.json.trace_index, 'utf8'));
    expect(path.dirname(rerun.json.trace_index)).toBe(path.join(dir, 'traces'));
    expect(index.rerun_of).toBe(firstId);
    const use = await runCli(['show', '--task', 'use', '--json'], { cwd: dir });
    expect(use.json.json).toEqual({ make: expect.objectContaining({ json: { n: 41 } }), flaky: expect.objectContaining({ json: { fixed: true } }) });

    const list = await runCli(['show', '--list'], { cwd: dir });
    expect(list.stdout.split('\n')[1]).toMatch(new RegExp(`✓ success\\s+3/3\\s+\\d+(\\.\\d+)? m?s\\s+rerun of ${firstId}$`));
  });

  it('takes the dispatch by id, with paths relative to the current directory', async () => {
    const { dir, first } = await failedRun();
    const firstId = path.basename(first.trace_index, '.json');
    await fs.mkdir(path.join(dir, 'sub'));
    const rerun = await runCli(['rerun', firstId, '--failed', '--trace-dir', '../traces', '-q'], { cwd: path.join(dir, 'sub') });
    expect(rerun.code).toBe(1);
    expect(rerun.json).toMatchObject({ status: 'failure', rerun_of: firstId });
    expect(rerun.json.tasks.map((task: any) => task.task_id)).toEqual(['flaky', 'use', 'after-use']);
  });

  it('says why when there is nothing to rerun, writing nothing', async () => {
    const dir = await tempWorkspace();
    await fs.writeFile(path.join(dir, 'ok.dispatch.json'), JSON.stringify({ tasks: [{ task_id: 'a', agent: 'shell', input_data: { command: 'true' } }] }));
    expect((await runCli(['run', 'ok.dispatch.json', '-q'], { cwd: dir })).code).toBe(0);
    const before = await fs.readdir(path.join(dir, 'traces'));
    for (const [args, message] of [
      [['rerun', '--failed'], 'succeeded; there is nothing to rerun'],
      [['rerun'], 'say which tasks to rerun: pdispatch rerun --failed'],
      [['rerun', '--failed', 'dispatch-20990101_000000-00000000'], 'no dispatch "dispatch-20990101_000000-00000000" in ./traces'],
    ] as const) {
      const result = await runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.json).toMatchObject({ success: false, status: 'invalid' });
      expectNoStackTrace(result);
    }
    expect(await fs.readdir(path.join(dir, 'traces'))).toEqual(before);
  });
});
