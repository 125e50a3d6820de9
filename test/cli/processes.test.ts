import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/src/test-support/temp-workspace.js';
import { runCli, type CliResult } from '../support/run-cli.js';

async function writeDispatch(dir: string, dispatch: unknown): Promise<string> {
  const file = path.join(dir, 'test.dispatch.json');
  await fs.writeFile(file, JSON.stringify(dispatch, null, 2));
  return file;
}

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
