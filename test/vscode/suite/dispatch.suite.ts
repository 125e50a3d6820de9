import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../packages/vscode-extension/src/dispatch/dispatch-runner.js';
import type { DispatchTreeNode } from '../../../packages/vscode-extension/src/tree/dispatch-tree-provider.js';
import { extensionApi, test, waitFor, workspaceRoot } from './harness.js';

/** What the view shows for a node: label, description and codicon. */
async function row(node: DispatchTreeNode) {
  const { services } = await extensionApi();
  const item = services.tree.getTreeItem(node);
  return { label: String(item.label), description: String(item.description ?? ''), icon: (item.iconPath as vscode.ThemeIcon | undefined)?.id, id: item.id, contextValue: item.contextValue };
}

test('activates with the Dispatches view and nothing in it yet', async () => {
  const { services } = await extensionApi();
  assert.deepEqual(await services.tree.getChildren(), [], 'a fresh workspace has no dispatches');
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['runDispatchFile', 'runAgentOnSelectedFiles', 'stopDispatch', 'rerunFailedTasks', 'openTraceFile', 'showTimeline', 'openTraceArtifact', 'refresh', 'setApiKey']) {
    assert.ok(commands.includes(`parallelDispatcher.${id}`), `command parallelDispatcher.${id} is registered`);
  }
});

test('runs a shell dispatch file: every task goes queued → running → success, live in the tree', async () => {
  const { services } = await extensionApi();
  const seen = new Map<string, Set<string>>();
  let badge = 0;
  const subscription = services.store.onDidChange(() => {
    for (const dispatch of services.store.list()) for (const task of dispatch.tasks) {
      if (!seen.has(task.taskId)) seen.set(task.taskId, new Set());
      seen.get(task.taskId)!.add(task.status);
    }
    badge = Math.max(badge, services.treeView.badge?.value ?? 0);
  });
  const file = vscode.Uri.file(path.join(workspaceRoot(), 'pipeline.dispatch.json'));
  const outcome = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', file);
  subscription.dispose();
  assert.equal(outcome?.status, 'success');
  for (const id of ['install', 'lint', 'test', 'typecheck', 'package']) {
    const statuses = seen.get(id) ?? new Set();
    for (const status of ['queued', 'running', 'success']) assert.ok(statuses.has(status), `${id} was seen ${status} (saw ${[...statuses].join(', ')})`);
  }
  assert.ok(badge >= 2, `the badge counted running tasks (max ${badge})`);
  assert.equal(services.treeView.badge, undefined, 'no badge once nothing runs');

  const [dispatchNode] = await services.tree.getChildren();
  assert.ok(dispatchNode !== undefined);
  const dispatchRow = await row(dispatchNode);
  assert.match(dispatchRow.label, /pipeline$/);
  assert.match(dispatchRow.description, /^5\/5 succeeded · /);
  assert.equal(dispatchRow.icon, 'pass-filled');
  assert.equal(dispatchRow.id, `dispatch/${outcome!.dispatchId}`);
  const tasks = await services.tree.getChildren(dispatchNode);
  const rows = await Promise.all(tasks.map(row));
  assert.deepEqual(rows.map((task) => [task.label, task.icon]), [['install', 'pass'], ['lint', 'pass'], ['test', 'pass'], ['typecheck', 'pass'], ['package', 'pass']]);
  assert.match(rows[0]!.description, /^shell · \d/);

  // Under a task: its input and output, read from its trace file.
  const details = await Promise.all((await services.tree.getChildren(tasks[4])).map(row));
  assert.deepEqual(details.map((detail) => detail.label), ['Input', 'Output']);
  assert.match(details[1]!.description, /exit 0 · \{"artifact": "app-1.0.tgz"\}/);
  await fs.access(outcome!.indexPath);
});

test('keeps the same node objects across refreshes, so expansion survives', async () => {
  const { services } = await extensionApi();
  const before = await services.tree.getChildren();
  await vscode.commands.executeCommand('parallelDispatcher.refresh');
  const after = await services.tree.getChildren();
  assert.equal(after[0], before[0]);
});

test('runs a custom command agent on two selected files: one task per file, in parallel', async () => {
  const { services } = await extensionApi();
  const root = workspaceRoot();
  const alpha = vscode.Uri.file(path.join(root, 'src', 'alpha.txt'));
  const beta = vscode.Uri.file(path.join(root, 'src', 'beta.txt'));
  const outcome = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runAgentOnSelectedFiles', alpha, [alpha, beta], { agent: 'word-count', instructions: 'count the words' });
  assert.equal(outcome?.status, 'success');
  const dispatch = services.store.get(outcome!.dispatchId)!;
  assert.deepEqual(dispatch.tasks.map((task) => [task.taskId, task.agent, task.status]), [
    ['word-count.src-alpha.txt', 'word-count', 'success'],
    ['word-count.src-beta.txt', 'word-count', 'success'],
  ]);
  assert.ok(dispatch.tasks.every((task) => task.dependencies.length === 0), 'independent tasks');
  const [first, second] = dispatch.tasks;
  assert.ok(first!.startedAt! < second!.endedAt! && second!.startedAt! < first!.endedAt!, 'the two tasks overlapped in time');
  const outputs = await Promise.all(dispatch.tasks.map(async (task) => (await services.library.taskTrace(dispatch.dispatchId, task.taskId)).output as { json: unknown }));
  assert.deepEqual(outputs.map((output) => output.json), [3, 2]);
  assert.equal(dispatch.userPrompt, 'word-count: count the words');
});

test('stops a long dispatch: running tasks are aborted and the rest cancelled', async () => {
  const { services } = await extensionApi();
  const file = vscode.Uri.file(path.join(workspaceRoot(), 'long.dispatch.json'));
  const started = new Promise<string>((resolve) => {
    const subscription = services.runner.onDidStart((id) => {
      subscription.dispose();
      resolve(id);
    });
  });
  const running = vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', file);
  const dispatchId = await started;
  await waitFor('soak-test and load-test to run', () => services.store.get(dispatchId)?.tasks.filter((task) => task.status === 'running').length === 2);
  const node = services.tree.dispatchNode(dispatchId);
  assert.match((await row(node)).contextValue ?? '', /:stoppable/);
  assert.equal(await vscode.commands.executeCommand('parallelDispatcher.stopDispatch', node), true);
  const outcome = await running;
  assert.equal(outcome?.status, 'cancelled');
  const dispatch = services.store.get(dispatchId)!;
  assert.deepEqual(dispatch.tasks.map((task) => [task.taskId, task.status]), [
    ['warm-up', 'success'],
    ['soak-test', 'cancelled'],
    ['load-test', 'cancelled'],
    ['report', 'cancelled'],
  ]);
  assert.equal((await row(node)).icon, 'circle-slash');
  assert.ok(dispatch.endedAt! - dispatch.startedAt < 30_000, 'stopped long before the sleeps would have ended');
});

test('reruns only the failed tasks, handing them the outputs of the ones that succeeded', async () => {
  const { services } = await extensionApi();
  const root = workspaceRoot();
  const first = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', vscode.Uri.file(path.join(root, 'failing.dispatch.json')));
  assert.equal(first?.status, 'failure');
  assert.match((await row(services.tree.dispatchNode(first!.dispatchId))).contextValue ?? '', /:rerunnable/);
  await fs.writeFile(path.join(root, '.fixed'), '');
  const rerun = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.rerunFailedTasks', first!.dispatchId);
  assert.equal(rerun?.status, 'success');
  const dispatch = services.store.get(rerun!.dispatchId)!;
  assert.deepEqual(dispatch.tasks.map((task) => [task.taskId, task.dependencies]), [
    ['flaky', []],
    ['use', ['flaky']],
  ]);
  const use = await services.library.taskTrace(rerun!.dispatchId, 'use');
  const dependencies = (use.output as { json: Record<string, { json: unknown }> }).json;
  assert.deepEqual(dependencies.make?.json, { version: 7 }, 'make did not run again; its old output was passed on');
  assert.ok('flaky' in dependencies);
});

test('says clearly when model-backed tasks have no chat model, and runs nothing', async () => {
  const { services } = await extensionApi();
  const before = services.store.list().length;
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('parallelDispatcher.runDispatchFile', vscode.Uri.file(path.join(workspaceRoot(), 'review.dispatch.json')));
  assert.equal(outcome, undefined);
  assert.equal(services.store.list().length, before);
});
