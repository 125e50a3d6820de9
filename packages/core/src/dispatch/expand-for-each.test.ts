import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInAgents } from '../agents/built-in-agents.js';
import { DispatchValidationError, formatIssue } from '../errors/validation-error.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { prepareDispatch } from './prepare-dispatch.js';

async function workspaceWith(files: string[]): Promise<string> {
  const dir = await tempWorkspace();
  for (const file of files) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), file);
  }
  return dir;
}

function prepare(workspace: string, dispatch: object, changedFiles?: string[]) {
  return prepareDispatch({ text: JSON.stringify(dispatch), sourcePath: path.join(workspace, 'd.json'), cwd: workspace, agents: builtInAgents(), ...(changedFiles ? { changedFiles } : {}) });
}

const check = { task_id: 'check', agent: 'shell', input_data: { argv: ['wc', '-l', '{{file}}'] }, description: 'count {{file}}' };

describe('for_each expansion', () => {
  it('makes one task per matching file with {{file}} replaced, fanning in to dependents', async () => {
    const workspace = await workspaceWith(['src/a.ts', 'src/b.ts', 'src/c.js', 'node_modules/x/y.ts']);
    const prepared = prepare(workspace, {
      tasks: [
        { task_id: 'setup', agent: 'shell', input_data: { command: 'true' } },
        { ...check, for_each: { files: ['src/**/*.ts', '**/*.ts'] }, depends_on: ['setup'] },
        { task_id: 'summary', agent: 'shell', input_data: { command: 'true' }, dependencies: ['check'] },
      ],
    });
    expect(prepared.graph.ids).toEqual(['setup', 'check.src-a.ts', 'check.src-b.ts', 'summary']);
    expect(prepared.graph.dependencies.get('check.src-a.ts')).toEqual(['setup']);
    expect(prepared.graph.dependencies.get('summary')).toEqual(['check.src-a.ts', 'check.src-b.ts']);
    const copy = prepared.tasks.get('check.src-b.ts')!;
    expect(copy.input).toEqual({ argv: ['wc', '-l', 'src/b.ts'] });
    expect(copy.spec.description).toBe('count src/b.ts');
    expect(copy.file).toBe('src/b.ts');
  });

  it('pairs copies of two templates by file', async () => {
    const workspace = await workspaceWith(['a.txt', 'b.txt']);
    const prepared = prepare(workspace, {
      tasks: [
        { ...check, for_each: { files: ['*.txt'] } },
        { task_id: 'fix', agent: 'shell', input_data: { command: 'echo {{file}}' }, for_each: { files: ['*.txt'] }, dependencies: ['check'] },
      ],
    });
    expect(prepared.graph.dependencies.get('fix.b.txt')).toEqual(['check.b.txt']);
  });

  it('uses the changed files the host passes, and says how to get them when it passes none', async () => {
    const workspace = await workspaceWith([]);
    const prepared = prepare(workspace, { tasks: [{ ...check, for_each: { files: 'changed' } }] }, ['lib/x.py', 'lib/x.py', path.join(workspace, 'README.md'), '/elsewhere/y.py', '../z.py']);
    expect(prepared.graph.ids).toEqual(['check.README.md', 'check.lib-x.py']);
    expect(() => prepare(workspace, { tasks: [{ ...check, for_each: { files: 'changed' } }] })).toThrow(/"changed" needs the list of changed files/);
  });

  it('drops a template that matches nothing, and dependencies on it', async () => {
    const workspace = await workspaceWith([]);
    const prepared = prepare(workspace, {
      tasks: [{ ...check, for_each: { files: ['*.none'] } }, { task_id: 'after', agent: 'shell', input_data: { command: 'true' }, dependencies: ['check'] }],
    });
    expect(prepared.graph.ids).toEqual(['after']);
    expect(prepared.graph.dependencies.get('after')).toEqual([]);
  });

  it('names the expanded task in errors, and keeps patterns inside the workspace', async () => {
    const workspace = await workspaceWith(['a.txt']);
    try {
      prepare(workspace, { tasks: [{ task_id: 't', agent: 'shell', input_data: { command: 'x', cwd: '/{{file}}' }, for_each: { files: ['*.txt', '../*'] } }] });
      expect.unreachable();
    } catch (error) {
      expect((error as DispatchValidationError).issues.map(formatIssue)).toEqual([
        'tasks[0].for_each.files: patterns must stay inside the workspace (relative, without ".."): ../*',
      ]);
    }
    try {
      prepare(workspace, { tasks: [{ task_id: 't', agent: 'shell', input_data: { command: 'x', cwd: '/{{file}}' }, for_each: { files: ['*.txt'] } }] });
      expect.unreachable();
    } catch (error) {
      expect((error as DispatchValidationError).issues.map(formatIssue)[0]).toMatch(/^tasks\[0\]\(t\.a\.txt\)\.input_data\.cwd: cwd "\/a\.txt" is outside the allowed roots/);
    }
  });
});
