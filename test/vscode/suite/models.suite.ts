import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { startLoopbackModelServer } from '../../../packages/core/test-support/loopback-model-server.js';
import type { RunOutcome } from '../../../packages/vscode-extension/src/dispatch/dispatch-runner.js';
import { extensionApi, test, workspaceRoot } from './harness.js';

const findings = {
  root_cause: 'alpha.txt holds three words where five are expected',
  confidence: 0.8,
  evidence: [{ file: 'src/alpha.txt', line: 1, excerpt: 'one two three', explanation: 'only three words' }],
  hypotheses: [],
  suggested_fix: 'Add two words to src/alpha.txt',
  affected_locations: [{ file: 'src/alpha.txt', line: 1 }],
};

test('runs model-backed tasks with the provider from settings and its key from secret storage', async () => {
  const { services } = await extensionApi();
  const server = await startLoopbackModelServer();
  const config = vscode.workspace.getConfiguration('parallelDispatcher');
  const key = 'sk-e2e-secret-value-4711';
  try {
    server.enqueue({ json: findings, inputTokens: 900, outputTokens: 120 });
    await config.update('model', 'openai-compatible:e2e-model', vscode.ConfigurationTarget.Workspace);
    await config.update('modelBaseUrl', server.openaiBaseUrl, vscode.ConfigurationTarget.Workspace);
    await services.apiKeys.set('openai-compatible', key);
    const outcome = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', vscode.Uri.file(path.join(workspaceRoot(), 'review.dispatch.json')));
    assert.equal(outcome?.status, 'success');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${key}`);
    assert.match(server.requests[0]!.promptText, /alpha\.txt has too few words/);
    const trace = await services.library.taskTrace(outcome!.dispatchId, 'find-bug');
    assert.equal(trace.model_calls.length, 1);
    assert.equal(trace.model_calls[0]!.model, 'e2e-model');
    assert.match(JSON.stringify(trace.output), /three words where five are expected/);
    // The key never reaches a trace file.
    const dispatch = services.store.get(outcome!.dispatchId)!;
    for (const file of [dispatch.indexPath, path.join(dispatch.traceDir, dispatch.tasks[0]!.traceFile)]) {
      assert.ok(!(await fs.readFile(file, 'utf8')).includes(key), `${file} holds no key`);
    }
    assert.equal(dispatch.tasks[0]!.inputTokens, 900);
  } finally {
    await services.apiKeys.set('openai-compatible', '');
    await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('modelBaseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await server.close();
  }
});

test('shows what a run cost in the tree, and a second run of the same task as a cache hit that calls no model', async () => {
  const { services } = await extensionApi();
  const server = await startLoopbackModelServer();
  const config = vscode.workspace.getConfiguration('parallelDispatcher');
  // Priced by the file: $1 per million tokens in, $2 out, so 900 in and 120 out cost $0.0011.
  const file = path.join(workspaceRoot(), 'priced-review.dispatch.json');
  await fs.writeFile(file, JSON.stringify({
    tasks: [{ task_id: 'find-bug', agent: 'debug', input_data: { problem_description: 'alpha.txt has too few words (priced)', affected_files: ['src/alpha.txt'] } }],
    config: { trace_dir: './traces', prices: { 'openai-compatible:*': { input_per_mtok: 1, output_per_mtok: 2 } } },
  }));
  const rowsOf = async (dispatchId: string) => {
    const node = (await services.tree.getChildren()).find((candidate) => services.tree.getTreeItem(candidate).id === `dispatch/${dispatchId}`);
    assert.ok(node !== undefined, `${dispatchId} is in the tree`);
    const [task] = await services.tree.getChildren(node);
    return { dispatch: String(services.tree.getTreeItem(node).description), task: String(services.tree.getTreeItem(task!).description) };
  };
  try {
    server.enqueue({ json: findings, inputTokens: 900, outputTokens: 120 });
    await config.update('model', 'openai-compatible:e2e-priced-model', vscode.ConfigurationTarget.Workspace);
    await config.update('modelBaseUrl', server.openaiBaseUrl, vscode.ConfigurationTarget.Workspace);
    const first = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', vscode.Uri.file(file));
    assert.equal(first?.status, 'success');
    assert.equal(server.requests.length, 1);
    const ran = await rowsOf(first!.dispatchId);
    assert.match(ran.task, /^debug · .* · tokens 900 in \/ 120 out · \$0\.0011$/);
    assert.match(ran.dispatch, / · \$0\.0011$/);

    const second = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', vscode.Uri.file(file));
    assert.equal(second?.status, 'success');
    assert.equal(server.requests.length, 1, 'the second run made no model request');
    const reused = await rowsOf(second!.dispatchId);
    assert.match(reused.task, /^debug · .* · cache hit$/);
    assert.match(reused.dispatch, / · 1 cache hit$/);
    await fs.access(path.join(workspaceRoot(), '.pdispatch', 'cache'));
  } finally {
    await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('modelBaseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await fs.rm(file, { force: true });
    await server.close();
  }
});

test('refuses shell and command agents when the setting forbids them, naming the setting', async () => {
  const { services } = await extensionApi();
  const config = vscode.workspace.getConfiguration('parallelDispatcher');
  await config.update('allowShell', false, vscode.ConfigurationTarget.Workspace);
  try {
    const before = services.store.list().length;
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('parallelDispatcher.runDispatchFile', vscode.Uri.file(path.join(workspaceRoot(), 'pipeline.dispatch.json')));
    assert.equal(outcome, undefined);
    assert.equal(services.store.list().length, before);
  } finally {
    await config.update('allowShell', undefined, vscode.ConfigurationTarget.Workspace);
  }
});
