import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { runCli, type CliResult } from '../support/run-cli.js';

const shell = (id: string, input: object = { command: 'true' }, dependencies: string[] = []) => ({ task_id: id, agent: 'shell', input_data: input, dependencies });

/** An invalid dispatch: exit 2, the message on stderr, one JSON document on stdout, no stack trace, no traces written. */
async function expectRefused(result: CliResult, dir: string, message: string | RegExp): Promise<void> {
  expect(result.code, result.stderr).toBe(2);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(result.stdout + result.stderr).not.toMatch(/ {4}at |unexpected failure/);
  expect(result.json).toMatchObject({ success: false, status: 'invalid' });
  expect(existsSync(path.join(dir, 'traces'))).toBe(false);
}

async function write(dir: string, name: string, content: string | Buffer | object): Promise<string> {
  const file = path.join(dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return file;
}

describe('paths on the command line (defect 5)', () => {
  it('resolve against the current directory, paths in the file against the workspace', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'project/tasks.dispatch.json', { tasks: [shell('a', { command: 'pwd', cwd: 'sub' })] });
    await fs.mkdir(path.join(dir, 'project/sub'));
    const result = await runCli(['run', 'project/tasks.dispatch.json', '--trace-dir', 'out', '-q'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.trace_index.startsWith(path.join(dir, 'out') + path.sep)).toBe(true);
    expect(existsSync(path.join(dir, 'project/out'))).toBe(false);
    const shown = await runCli(['show', '--trace-dir', 'out', '--json'], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    const workspace = await runCli(['validate', path.join(dir, 'project/tasks.dispatch.json'), '--workspace', 'project'], { cwd: dir });
    expect(workspace.code, workspace.stderr).toBe(0);
  });
});

describe('refused before anything runs', () => {
  it('a --workspace or workspace_path that does not exist or is a file, never created (defect 6)', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'tasks.dispatch.json', { tasks: [shell('a')] });
    await expectRefused(await runCli(['run', 'tasks.dispatch.json', '--workspace', 'nowhere'], { cwd: dir }), dir, `--workspace: the workspace "${path.join(dir, 'nowhere')}" does not exist`);
    expect(existsSync(path.join(dir, 'nowhere'))).toBe(false);
    await expectRefused(await runCli(['run', 'tasks.dispatch.json', '--workspace', 'tasks.dispatch.json'], { cwd: dir }), dir, 'is not a directory');
    await write(dir, 'ws.dispatch.json', { tasks: [shell('a')], workspace_path: 'missing' });
    await expectRefused(await runCli(['run', 'ws.dispatch.json'], { cwd: dir }), dir, 'workspace_path: the workspace');
  });

  it('a cwd that does not exist, naming the task, the field and the folder (defect 7)', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'tasks.dispatch.json', { tasks: [shell('build', { command: 'true', cwd: 'missing/dir' })] });
    await expectRefused(await runCli(['run', 'tasks.dispatch.json'], { cwd: dir }), dir, `tasks[0].input_data.cwd: the working directory "missing/dir" does not exist (${path.join(dir, 'missing/dir')})`);
  });

  it('a cwd that an earlier task may create is checked when its task starts, with the same message', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'tasks.dispatch.json', {
      tasks: [shell('prepare', { command: 'mkdir made' }), shell('in-made', { command: 'pwd', cwd: 'made' }, ['prepare']), shell('in-missing', { command: 'pwd', cwd: 'missing' }, ['prepare'])],
    });
    const result = await runCli(['run', 'tasks.dispatch.json', '-q'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const status = Object.fromEntries(result.json.tasks.map((task: { task_id: string; status: string }) => [task.task_id, task.status]));
    expect(status).toEqual({ prepare: 'success', 'in-made': 'success', 'in-missing': 'error' });
    const missing = result.json.tasks.find((task: { task_id: string }) => task.task_id === 'in-missing');
    expect(missing.error.message).toBe(`the working directory "missing" does not exist (${path.join(dir, 'missing')})`);
  });

  it('syntax errors with line and column, the same empty-file message in JSON and YAML (defect 11)', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'comma.json', '{ "tasks": [\n  { "task_id": "a", "agent": "shell" },\n] }');
    await expectRefused(await runCli(['validate', 'comma.json'], { cwd: dir }), dir, 'not valid JSON at line 3, column 1: unexpected "]" after a comma');
    for (const name of ['empty.json', 'empty.yaml']) {
      await write(dir, name, name.endsWith('.yaml') ? '# nothing\n' : '\n');
      await expectRefused(await runCli(['validate', name], { cwd: dir }), dir, 'the dispatch file is empty');
    }
    await write(dir, 'bad.yaml', 'tasks:\n  - task_id: a\n   agent: shell\n');
    const yaml = await runCli(['validate', 'bad.yaml'], { cwd: dir });
    await expectRefused(yaml, dir, 'not valid YAML at line 3, column 1: Sequence item without - indicator\n');
  });

  it('YAML alias bombs, unknown aliases, NUL bytes, 10,000-character paths and deep nesting', async () => {
    const dir = await tempWorkspace();
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, n) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[n]}`).join(', ')}]`), 'tasks: *h'].join('\n');
    await write(dir, 'bomb.yaml', bomb);
    await expectRefused(await runCli(['run', 'bomb.yaml'], { cwd: dir }), dir, 'an alias bomb?');
    await write(dir, 'alias.yaml', 'tasks: *nope\n');
    await expectRefused(await runCli(['run', 'alias.yaml'], { cwd: dir }), dir, 'alias "*nope" names no anchor defined before it');
    await write(dir, 'nul.json', { tasks: [shell('a', { command: 'true', cwd: 'a\u0000b' })], config: { trace_dir: 't\u0000' } });
    await expectRefused(await runCli(['run', 'nul.json'], { cwd: dir }), dir, 'contains a NUL byte');
    await write(dir, 'long.json', { tasks: [shell('a')], workspace_path: 'x'.repeat(10_000) });
    await expectRefused(await runCli(['run', 'long.json'], { cwd: dir }), dir, 'workspace_path: the workspace');
    await write(dir, 'ok.json', { tasks: [shell('a')] });
    await expectRefused(await runCli(['run', 'ok.json', '--trace-dir', 'y'.repeat(10_000)], { cwd: dir }), dir, '--trace-dir: the trace directory');
    await write(dir, 'deep.json', `{ "tasks": [{ "task_id": "a", "agent": "shell", "input_data": { "command": "true", "env": ${'['.repeat(5000)}${']'.repeat(5000)} } }] }`);
    await expectRefused(await runCli(['validate', 'deep.json'], { cwd: dir }), dir, /tasks\[0\]\.input_data\.env(\[0\])+: nested more than 64 levels deep/);
  });

  it('input that used to pass silently: duplicate keys, invalid UTF-8, config: null, __proto__, out-of-range flags', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'dup.json', '{ "tasks": [{ "task_id": "a", "task_id": "b", "agent": "shell" }] }');
    await expectRefused(await runCli(['validate', 'dup.json'], { cwd: dir }), dir, 'tasks[0]: not valid JSON at line 1, column 31: duplicate key "task_id"');
    await write(dir, 'latin1.json', Buffer.concat([Buffer.from('{ "tasks": [{ "task_id": "a", "agent": "shell", "input_data": { "command": "echo caf'), Buffer.from([0xe9]), Buffer.from('" } }] }')]));
    await expectRefused(await runCli(['run', 'latin1.json'], { cwd: dir }), dir, 'not valid UTF-8: byte 84 (line 1, column 85) is 0xe9');
    await write(dir, 'null.json', { tasks: [shell('a')], config: null });
    await expectRefused(await runCli(['validate', 'null.json'], { cwd: dir }), dir, 'config: config must be an object (got null)');
    await write(dir, 'proto.json', `{ "tasks": [{ "task_id": "a", "agent": "shell", "input_data": { "command": "true", "__proto__": { "cwd": "/" } } }] }`);
    await expectRefused(await runCli(['validate', 'proto.json'], { cwd: dir }), dir, 'tasks[0].input_data: the key "__proto__" is not allowed');
    await write(dir, 'ok.json', { tasks: [shell('a')] });
    await expectRefused(await runCli(['run', 'ok.json', '--max-workers', '1e9'], { cwd: dir }), dir, '--max-workers: max_workers must be a whole number ≤ 1024 (got 1000000000)');
    await expectRefused(await runCli(['run', 'ok.json', '--trace-dir', ''], { cwd: dir }), dir, '--trace-dir: trace_dir must not be empty');
  });

  it('a trace_dir outside the workspace unless allowed or given with --trace-dir', async () => {
    const dir = await tempWorkspace();
    await write(dir, 'project/tasks.dispatch.json', { tasks: [shell('a')], config: { trace_dir: '../traces' } });
    await expectRefused(await runCli(['run', 'project/tasks.dispatch.json'], { cwd: dir }), dir, 'config.trace_dir: the trace directory "../traces" is outside the allowed roots');
    const overridden = await runCli(['validate', 'project/tasks.dispatch.json', '--trace-dir', 'traces'], { cwd: dir });
    expect(overridden.code, overridden.stderr).toBe(0);
  });

  it('a BOM is accepted from a file as from stdin', async () => {
    const dir = await tempWorkspace();
    const text = `\uFEFF${JSON.stringify({ tasks: [shell('a')] })}`;
    await write(dir, 'bom.json', text);
    expect((await runCli(['validate', 'bom.json'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['validate', '-'], { cwd: dir, stdin: text })).code).toBe(0);
  });
});

describe('one message per problem, and dry runs without a model', () => {
  it('reports "no model" once for three tasks, and a dry run needs none', async () => {
    const dir = await tempWorkspace();
    const tasks = ['a', 'b', 'c'].map((id) => ({ task_id: id, agent: 'debug', input_data: { problem_description: 'x' } }));
    await write(dir, 'models.dispatch.json', { tasks });
    const env = { PDISPATCH_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
    const refused = await runCli(['validate', 'models.dispatch.json'], { cwd: dir, env });
    await expectRefused(refused, dir, /\(1 problem\):\n {2}- tasks\[0\], tasks\[1\], tasks\[2\]: /);
    expect(refused.json.errors).toHaveLength(1);
    expect(refused.json.errors[0].paths).toEqual(['tasks[0]', 'tasks[1]', 'tasks[2]']);
    const dry = await runCli(['run', '--dry-run', '-q', 'models.dispatch.json'], { cwd: dir, env });
    expect(dry.code, dry.stderr).toBe(0);
  });
});
