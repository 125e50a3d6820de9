import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { runCli } from '../support/run-cli.js';

describe('pdispatch validate', () => {
  it('accepts a valid YAML dispatch with exit 0', async () => {
    const result = await runCli(['validate', 'examples/failure-handling.dispatch.yaml']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('is valid: 5 task(s)');
    expect(result.json).toMatchObject({ success: true, status: 'valid', task_count: 5 });
  });

  it('reports a YAML syntax error with its line', async () => {
    const dir = await tempWorkspace();
    const file = path.join(dir, 'broken.yaml');
    await fs.writeFile(file, 'tasks:\n  - task_id: a\n    agent: [shell\n');
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not valid YAML at line \d+/);
  });

  it('names a missing file and exits 2', async () => {
    const result = await runCli(['validate', 'does-not-exist.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read dispatch file "does-not-exist.json": no such file');
  });

  it('refuses a working directory outside the workspace, before anything runs', async () => {
    const dir = await tempWorkspace();
    const file = path.join(dir, 'escape.dispatch.json');
    await fs.writeFile(file, JSON.stringify({ tasks: [{ task_id: 'x', agent: 'shell', input_data: { command: 'true', cwd: '../..' } }] }));
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tasks[0].input_data.cwd: cwd "../.." is outside the allowed roots');
  });

  it('exits 2 on an unknown option, with a hint', async () => {
    const result = await runCli(['run', '--max-workers', 'zero', 'x.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a whole number of at least 1, got "zero"');
  });
});

describe('pdispatch show', () => {
  it('shows the latest dispatch in ./traces as a table', async () => {
    const dir = await tempWorkspace();
    await fs.writeFile(path.join(dir, 'a.dispatch.json'), JSON.stringify({ tasks: [{ task_id: 'first', agent: 'shell', input_data: { command: 'exit 4' } }] }));
    expect((await runCli(['run', 'a.dispatch.json', '-q'], { cwd: dir })).code).toBe(1);
    const result = await runCli(['show'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/status\s+failure/);
    expect(result.stdout).toMatch(/first\s+shell\s+✗ error\s+[\d.]+ m?s\s+1\s+command exited with code 4/);
  });

  it('says how to get traces when there are none', async () => {
    const dir = await tempWorkspace();
    const result = await runCli(['show'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no dispatch traces in ./traces; run one with: pdispatch run <file>');
  });
});

describe('pdispatch --changed-since', () => {
  it('runs a for_each task once per file changed since a git ref', async () => {
    const dir = await tempWorkspace();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q');
    await fs.writeFile(path.join(dir, 'kept.txt'), 'same');
    await fs.writeFile(path.join(dir, 'edited.txt'), 'before');
    await fs.writeFile(path.join(dir, 'removed.txt'), 'gone soon');
    git('add', '.');
    git('commit', '-qm', 'base');
    await fs.writeFile(path.join(dir, 'edited.txt'), 'after');
    await fs.rm(path.join(dir, 'removed.txt'));
    await fs.writeFile(path.join(dir, 'new.txt'), 'untracked');
    await fs.writeFile(
      path.join(dir, 'per-file.dispatch.yaml'),
      'tasks:\n  - task_id: show\n    agent: shell\n    for_each: { files: changed }\n    input_data: { argv: [cat, "{{file}}"] }\n',
    );
    const result = await runCli(['run', 'per-file.dispatch.yaml', '--changed-since', 'HEAD', '-q'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    // The dispatch file itself is untracked, hence changed, but never work for a per-file task.
    expect(result.json.tasks.map((task: { task_id: string }) => task.task_id)).toEqual(['show.edited.txt', 'show.new.txt']);
    // Neither are the traces the first run wrote (untracked too).
    const again = await runCli(['run', 'per-file.dispatch.yaml', '--changed-since', 'HEAD', '-q'], { cwd: dir });
    expect(again.json.tasks.map((task: { task_id: string }) => task.task_id)).toEqual(['show.edited.txt', 'show.new.txt']);
    const bad = await runCli(['validate', 'per-file.dispatch.yaml', '--changed-since', 'no-such-ref'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--changed-since no-such-ref: not a commit');
  });
});
