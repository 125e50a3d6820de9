import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDispatchIndexes, readDispatchIndex, readTaskTrace, type TaskTrace } from '@parallel-dispatcher/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchStateFromIndex, type DispatchState } from '../traces/dispatch-state.js';
import { liveDispatchState } from '../traces/live-dispatch.js';
import { dispatchItem, dispatchTitle, rerunnableTasks, taskItem } from './dispatch-items.js';
import { detailGroupItems, diffStat, taskDetailItems } from './task-detail-items.js';

// A trace artifact as GitHub Actions uploads it, written by core (test/vscode/tools/make-artifact-fixture.ts).
const TRACE_DIR = fileURLToPath(new URL('../../../../test/vscode/fixtures/artifact/traces', import.meta.url));
// A dispatch whose task called the reference filesystem MCP server, written by core (test/vscode/tools/make-tool-calls-fixture.ts).
const TOOL_CALLS_DIR = fileURLToPath(new URL('../../../../test/vscode/fixtures/tool-calls/traces', import.meta.url));

let dispatch: DispatchState;
const traces = new Map<string, TaskTrace>();

beforeAll(async () => {
  const [indexPath] = await listDispatchIndexes(TRACE_DIR);
  const index = await readDispatchIndex(indexPath!);
  dispatch = dispatchStateFromIndex(index, indexPath!, TRACE_DIR, 'opened');
  for (const task of index.tasks) traces.set(task.task_id, await readTaskTrace(TRACE_DIR, task.trace_file));
});

describe('dispatch and task rows', () => {
  it('shows a dispatch with its status, counts and duration, and what can be done with it', () => {
    const item = dispatchItem(dispatch, dispatch.startedAt + 60_000);
    expect(item.id).toBe(`dispatch/${dispatch.dispatchId}`);
    expect(item.label).toMatch(/^\d{2}:\d{2}:\d{2} {2}Pull request checks$/);
    expect(item.description).toMatch(/^4\/6 succeeded · 1 failed · 1 skipped · 1\.\d s · cost unknown · opened$/);
    expect(item.icon).toEqual({ id: 'error', color: 'testing.iconFailed' });
    expect(item.contextValue).toBe('parallelDispatcher:dispatch:failure:rerunnable:opened');
    expect(item.tooltip).toContain('Workspace: /home/runner/work/app/app');
    expect(rerunnableTasks(dispatch).map((task) => task.taskId)).toEqual(['unit-tests', 'e2e-tests']);
  });

  it('shows each task with its status icon, agent, duration and tokens', () => {
    const rows = dispatch.tasks.map((task) => taskItem(dispatch, task, Date.now()));
    expect(rows.map((row) => [row.label, row.icon?.id])).toEqual([
      ['install', 'pass'],
      ['lint', 'pass'],
      ['unit-tests', 'error'],
      ['e2e-tests', 'debug-step-over'],
      ['fix-auth', 'pass'],
      ['report', 'pass'],
    ]);
    // Written before costs were counted: its price is not known, never guessed as $0.
    expect(rows[4]!.description).toMatch(/^coder · \d+ ms · tokens 1,843 in \/ 212 out · cost unknown$/);
    expect(rows[2]!.description).toMatch(/^shell · 1\.\d s · command exited with code 1: FAIL src\/auth\.test\.ts/);
    expect(rows[2]!.contextValue).toBe('parallelDispatcher:task:error');
    expect(rows.every((row) => row.collapsible === 'collapsed')).toBe(true);
    expect(new Set(rows.map((row) => row.id)).size).toBe(6);
  });

  it('spins while a task runs and names the dispatch by its file or its prompt', () => {
    const live = liveDispatchState({
      dispatchId: 'dispatch-20250101_120000-abcdef01',
      indexPath: '/t/x.json',
      traceDir: '/t',
      startedAt: 1000,
      sourcePath: '/w/ci.dispatch.yaml',
      userPrompt: null,
      workspace: '/w',
      tasks: [{ taskId: 'build', agent: 'shell', file: null, dependencies: [] }],
    });
    live.tasks[0]!.status = 'running';
    live.tasks[0]!.startedAt = 2000;
    live.tasks[0]!.progress = 'running make';
    expect(taskItem(live, live.tasks[0]!, 4500)).toMatchObject({ icon: { id: 'loading~spin' }, description: 'shell · 2.5 s · running make', collapsible: 'none' });
    expect(dispatchItem(live, 4500)).toMatchObject({ icon: { id: 'loading~spin' }, contextValue: 'parallelDispatcher:dispatch:running:stoppable' });
    expect(dispatchTitle(live)).toBe('ci');
  });
});

describe('rows under a task, from its trace', () => {
  it('lists input, output, model calls and written files of a coder task', () => {
    const items = taskDetailItems(dispatch.dispatchId, traces.get('fix-auth')!);
    expect(items.map((item) => [item.label, item.collapsible])).toEqual([
      ['Input', 'none'],
      ['Output', 'none'],
      ['Model calls (1)', 'collapsed'],
      ['Files (1 written)', 'expanded'],
    ]);
    expect(items[1]!.description).toMatch(/^summary: wrote 4 lines of typescript to \/home\/runner\/work\/app\/app\/src\/auth\.ts/);
    expect(items[0]!.command).toEqual({ command: 'parallelDispatcher.openTraceItem', title: 'Open Input', arguments: [{ dispatchId: dispatch.dispatchId, taskId: 'fix-auth', part: 'input' }] });

    const [call] = detailGroupItems(dispatch.dispatchId, traces.get('fix-auth')!, 'model-calls', dispatch.workspace);
    expect(call).toMatchObject({ label: '1. anthropic:claude-sonnet-4-5', description: expect.stringMatching(/^tokens 1,843 in \/ 212 out · cost unknown · \d+ ms$/) });
    const [file] = detailGroupItems(dispatch.dispatchId, traces.get('fix-auth')!, 'files', dispatch.workspace);
    expect(file).toMatchObject({ label: 'src/auth.ts', description: 'changed +3 −2', icon: { id: 'diff-modified' }, contextValue: 'parallelDispatcher:file:written' });
    expect(file!.command?.arguments).toEqual([{ dispatchId: dispatch.dispatchId, taskId: 'fix-auth', part: 'file', index: 0 }]);
  });

  it('shows the error of a failed task and a shell output summary', () => {
    const items = taskDetailItems(dispatch.dispatchId, traces.get('unit-tests')!);
    expect(items.map((item) => item.label)).toEqual(['Input', 'Output', 'Error']);
    expect(items[1]!.description).toBe('exit 1 · FAIL src/auth.test.ts > rejects empty tokens');
    expect(items[2]!.description).toMatch(/^agent: command exited with code 1/);
    expect(taskDetailItems(dispatch.dispatchId, traces.get('e2e-tests')!).map((item) => item.label)).toEqual(['Input', 'Error']);
  });

  it('keeps ids stable across reads of the same trace', async () => {
    const again = await readTaskTrace(TRACE_DIR, dispatch.tasks[4]!.traceFile);
    expect(taskDetailItems(dispatch.dispatchId, again).map((item) => item.id)).toEqual(taskDetailItems(dispatch.dispatchId, traces.get('fix-auth')!).map((item) => item.id));
    expect(await fs.stat(path.join(TRACE_DIR, dispatch.tasks[4]!.traceFile!))).toBeTruthy();
  });

  it('counts diff lines', () => {
    expect(diffStat('--- a\n+++ b\n@@ -1 +1,2 @@\n-x\n+y\n+z\n')).toBe('+2 −1');
  });
});

describe('tool calls, from a trace core wrote with the reference filesystem server', () => {
  it('counts them on the task\'s row and lists them under "Tool calls (N)", a failed one marked, each opening its own document', async () => {
    const [indexPath] = await listDispatchIndexes(TOOL_CALLS_DIR);
    const index = await readDispatchIndex(indexPath!);
    const reviewed = dispatchStateFromIndex(index, indexPath!, TOOL_CALLS_DIR, 'workspace');
    const task = reviewed.tasks.find((candidate) => candidate.taskId === 'review-auth')!;
    expect(taskItem(reviewed, task, Date.now()).description).toMatch(/^reviewer · .* · tokens 3,479 in \/ 163 out · cost unknown · 3 tool calls$/);
    expect(dispatchItem(reviewed, Date.now()).tooltip).toContain('MCP tool calls: 3');

    const trace = await readTaskTrace(TOOL_CALLS_DIR, task.traceFile);
    const items = taskDetailItems(reviewed.dispatchId, trace);
    expect(items.map((item) => item.label)).toEqual(['Input', 'Output', 'Model calls (3)', 'Tool calls (3)']);
    expect(items[3]).toMatchObject({ id: `dispatch/${reviewed.dispatchId}/task/review-auth/tool-calls`, description: 'files · 1 failed', contextValue: 'parallelDispatcher:detail:tool-calls', collapsible: 'collapsed' });
    const calls = detailGroupItems(reviewed.dispatchId, trace, 'tool-calls', reviewed.workspace);
    expect(calls.map((call) => [call.label, call.contextValue, call.icon?.id])).toEqual([
      ['1. files.read_text_file', 'parallelDispatcher:detail:tool-call', 'symbol-method'],
      ['2. files.read_text_file', 'parallelDispatcher:detail:tool-call', 'symbol-method'],
      ['3. files.read_text_file', 'parallelDispatcher:detail:tool-call:failed', 'error'],
    ]);
    expect(calls[2]!.description).toMatch(/^\d+ ms · failed: Access denied - path outside allowed directories/);
    expect(calls[2]!.id).toBe(`dispatch/${reviewed.dispatchId}/task/review-auth/tool-calls/2`);
    expect(calls[0]!.command).toEqual({ command: 'parallelDispatcher.openTraceItem', title: 'Open Tool Call', arguments: [{ dispatchId: reviewed.dispatchId, taskId: 'review-auth', part: 'tool-call', index: 0 }] });
    // A task without tool calls (and traces written before tools existed) has no such row.
    const shell = await readTaskTrace(TOOL_CALLS_DIR, reviewed.tasks.find((candidate) => candidate.taskId === 'post-review')!.traceFile);
    expect(taskDetailItems(reviewed.dispatchId, shell).map((item) => item.label)).toEqual(['Input', 'Output']);
  });
});
