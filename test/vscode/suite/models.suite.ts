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
