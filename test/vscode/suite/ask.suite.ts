import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { startLoopbackModelServer } from '../../../packages/core/test-support/loopback-model-server.js';
import type { AskResult } from '../../../packages/vscode-extension/src/commands/ask.js';
import type { ChatStream } from '../../../packages/vscode-extension/src/chat/dispatch-chat-handler.js';
import type { RunOutcome } from '../../../packages/vscode-extension/src/dispatch/dispatch-runner.js';
import { extensionApi, test, waitFor, workspaceRoot } from './harness.js';
import { registerScriptedChatModel } from './scripted-chat-model.js';

const REQUEST = 'Count the words of alpha.txt and beta.txt, then say which is longer';

/** What the model proposes: two parallel shell tasks and one after them. */
const plan = {
  tasks: [
    { task_id: 'count-alpha', agent: 'shell', description: 'Count the words of alpha.txt', input_data: { command: 'wc -w < src/alpha.txt' } },
    { task_id: 'count-beta', agent: 'shell', description: 'Count the words of beta.txt', input_data: { command: 'wc -w < src/beta.txt' } },
    { task_id: 'compare', agent: 'shell', description: 'Say which file is longer', dependencies: ['count-alpha', 'count-beta'], input_data: { command: 'echo compared' } },
  ],
};
const answer = { answer: 'beta.txt is longer than alpha.txt.', highlights: ['alpha.txt: 3 words'], follow_ups: ['Add two words to alpha.txt'] };

/** Uses the loopback model server as the configured model, with its key in secret storage, for one test. */
async function withConfiguredModel(fn: (server: Awaited<ReturnType<typeof startLoopbackModelServer>>, key: string) => Promise<void>) {
  const { services } = await extensionApi();
  const server = await startLoopbackModelServer();
  const config = vscode.workspace.getConfiguration('parallelDispatcher');
  const key = 'sk-e2e-planning-secret-0815';
  try {
    await config.update('model', 'openai-compatible:e2e-planner', vscode.ConfigurationTarget.Workspace);
    await config.update('modelBaseUrl', server.openaiBaseUrl, vscode.ConfigurationTarget.Workspace);
    await services.apiKeys.set('openai-compatible', key);
    await fn(server, key);
  } finally {
    await services.apiKeys.set('openai-compatible', '');
    await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('modelBaseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await server.close();
  }
}

test('Ask… plans with the configured model, opens the plan, and running it (edited, unsaved) fills the tree and shows the answer', async () => {
  const { services } = await extensionApi();
  await withConfiguredModel(async (server, key) => {
    server.enqueue({ json: plan, inputTokens: 1200, outputTokens: 300 }, { json: answer, inputTokens: 700, outputTokens: 90 });
    // From the explorer, with two files selected: they are the planner's context.
    const alpha = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'alpha.txt'));
    const beta = vscode.Uri.file(path.join(workspaceRoot(), 'src', 'beta.txt'));
    const asked = await vscode.commands.executeCommand<AskResult>('parallelDispatcher.ask', alpha, [alpha, beta], { request: REQUEST });
    assert.equal(asked?.valid, true, `the plan is valid (${JSON.stringify(asked?.issues)})`);
    assert.equal(path.relative(workspaceRoot(), path.dirname(asked!.planPath)), path.join('.pdispatch', 'plans'));
    assert.match(path.basename(asked!.planPath), /^\d{8}-\d{6}-count-the-words-of-alpha-txt.*\.dispatch\.yaml$/);
    assert.equal(server.requests.length, 1, 'one planner call, nothing run');
    assert.match(server.requests[0]!.promptText, /Count the words of alpha\.txt and beta\.txt/);
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${key}`);
    assert.match(server.requests[0]!.promptText, /src\/alpha\.txt[\s\S]*one two three/, "the selected files' contents reach the planner");
    assert.match(server.requests[0]!.promptText, /src\/beta\.txt[\s\S]*four five/);

    // The plan is open for review, as YAML with the request as its user_prompt.
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, asked!.planPath);
    const text = editor!.document.getText();
    assert.match(text, /^user_prompt: /m);
    assert.match(text, /count-alpha/);

    // The user edits the plan and runs it without saving: what runs is what they see.
    const offset = text.indexOf('echo compared');
    assert.ok(offset > 0, 'the plan has the compare command');
    const edit = new vscode.WorkspaceEdit();
    const start = editor!.document.positionAt(offset);
    edit.replace(editor!.document.uri, new vscode.Range(start, start.translate(0, 'echo compared'.length)), 'echo compared-after-review');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(editor!.document.isDirty);

    const outcome = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runPlan', editor!.document.uri);
    assert.equal(outcome?.status, 'success');
    assert.ok(!editor!.document.isDirty, 'the edit was saved before the run');
    assert.equal(server.requests.length, 2, 'the synthesis is the second model call');
    assert.match(server.requests[1]!.promptText, /compared-after-review/);
    assert.match(server.requests[1]!.promptText, /Count the words of alpha\.txt and beta\.txt/);

    // The tree: the answer first, then the plan, then the tasks.
    const node = services.tree.dispatchNode(outcome!.dispatchId);
    const rows = (await services.tree.getChildren(node)).map((child) => services.tree.getTreeItem(child));
    assert.deepEqual(rows.map((row) => String(row.label)), ['Answer', 'Plan', 'count-alpha', 'count-beta', 'compare']);
    assert.match(String(rows[0]!.description), /^beta\.txt is longer than alpha\.txt\./);
    assert.equal(rows[0]!.contextValue, 'parallelDispatcher:answer:ready');
    assert.equal(String(rows[1]!.description), REQUEST);

    // The answer as a Markdown preview.
    await waitFor('the answer preview', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType)),
    );
    const answerUri = await vscode.commands.executeCommand<vscode.Uri>('parallelDispatcher.showAnswer', outcome!.dispatchId);
    const answerText = (await vscode.workspace.openTextDocument(answerUri)).getText();
    assert.match(answerText, /beta\.txt is longer than alpha\.txt\./);
    assert.match(answerText, /## Follow-ups\n\n- Add two words to alpha\.txt/);

    // plan.json and synthesis.json open from the tree; no trace holds the key.
    const dispatch = services.store.get(outcome!.dispatchId)!;
    assert.equal(dispatch.plannedFrom?.plan_file, asked!.planPath);
    for (const [child, file] of [[1, 'plan.json'], [0, 'synthesis.json']] as const) {
      const target = (await services.tree.getChildren(node))[child]!;
      await vscode.commands.executeCommand('parallelDispatcher.openTraceFile', target);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(dispatch.traceDir, dispatch.dispatchId, file));
      assert.ok(!(await fs.readFile(path.join(dispatch.traceDir, dispatch.dispatchId, file), 'utf8')).includes(key), `${file} holds no key`);
    }
    assert.ok(!(await fs.readFile(dispatch.indexPath, 'utf8')).includes(key), 'the index holds no key');
  });
});

test('a plan whose synthesis call fails still runs; its Answer row and preview say why', async () => {
  const { services } = await extensionApi();
  await withConfiguredModel(async (server) => {
    server.enqueue({ json: plan }, { status: 400, body: { error: { message: 'the scripted server refuses this one' } } });
    const asked = await vscode.commands.executeCommand<AskResult>('parallelDispatcher.ask', undefined, undefined, { request: 'Count the words, answer fails' });
    assert.equal(asked?.valid, true, JSON.stringify(asked?.issues));
    const outcome = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runPlan', vscode.Uri.file(asked!.planPath));
    assert.equal(outcome?.status, 'success', 'a failed synthesis does not change the dispatch status');
    assert.ok(outcome?.synthesis !== undefined && 'error' in outcome.synthesis, JSON.stringify(outcome?.synthesis));
    const [answerNode] = await services.tree.getChildren(services.tree.dispatchNode(outcome!.dispatchId));
    const row = services.tree.getTreeItem(answerNode!);
    assert.equal(row.contextValue, 'parallelDispatcher:answer:failed');
    assert.match(String(row.description), /^failed: openai-compatible e2e-planner: request refused \(400\)/);
    assert.match(String(row.tooltip), /refuses this one/, 'the tooltip has the whole error');
    const answerUri = await vscode.commands.executeCommand<vscode.Uri>('parallelDispatcher.showAnswer', outcome!.dispatchId);
    assert.match((await vscode.workspace.openTextDocument(answerUri)).getText(), /\*\*No answer:\*\* the synthesis failed: .*refuses this one/);
  });
});

test('Ask… with shell refused: the invalid plan after two repairs is opened for editing and nothing runs', async () => {
  const { services } = await extensionApi();
  const config = vscode.workspace.getConfiguration('parallelDispatcher');
  await config.update('allowShell', false, vscode.ConfigurationTarget.Workspace);
  try {
    await withConfiguredModel(async (server) => {
      server.enqueue({ json: plan }, { json: plan }, { json: plan });
      const before = services.store.list().length;
      const asked = await vscode.commands.executeCommand<AskResult>('parallelDispatcher.ask', undefined, undefined, { request: 'Count words with shell' });
      assert.equal(asked?.valid, false);
      assert.equal(server.requests.length, 3, 'the first plan and two repair rounds');
      assert.match(server.requests[2]!.promptText, /parallelDispatcher\.allowShell/, 'the repair request names the refusal');
      assert.ok(asked!.issues.some((issue) => /parallelDispatcher\.allowShell/.test(issue.message)), JSON.stringify(asked!.issues));
      assert.match(asked!.planPath, /\.invalid\.dispatch\.yaml$/);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, asked!.planPath, 'the invalid plan is open for editing');
      assert.equal(services.store.list().length, before, 'nothing ran');
    });
  } finally {
    await config.update('allowShell', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('@dispatch plans with the chat model, replies with a table and a Run button, and /run streams progress and the answer', async () => {
  const api = await extensionApi();
  const scripted = await registerScriptedChatModel([JSON.stringify(plan), JSON.stringify(answer)]);
  try {
    const token = new vscode.CancellationTokenSource().token;
    const planned = recordingStream();
    const first = await api.chat({ prompt: REQUEST, command: undefined, model: scripted.model, references: [] }, planned.stream, token);
    assert.equal(first.errorDetails, undefined, JSON.stringify(first.errorDetails));
    const table = planned.markdown();
    assert.match(table, /\*\*Plan: 3 tasks\*\* \(shell ×3\), in 2 waves/);
    assert.match(table, /\| `count-alpha` \| shell \| — \| Count the words of alpha\.txt \|/);
    assert.match(table, /\| `compare` \| shell \| `count-alpha`, `count-beta` \| Say which file is longer \|/);
    const run = planned.buttons.find((button) => button.title === 'Run this plan');
    assert.equal(run?.command, 'workbench.action.chat.open');
    const query = (run!.arguments![0] as { query: string }).query;
    const relative = path.relative(workspaceRoot(), first.metadata!.planPath!).split(path.sep).join('/');
    assert.equal(query, `@dispatch /run ${relative}`);
    assert.match(scripted.seen[0]!, /Count the words of alpha\.txt and beta\.txt/);

    // What the Run button sends: the run streams its progress, then the answer is the reply.
    const ran = recordingStream();
    const second = await api.chat({ prompt: relative, command: 'run', model: scripted.model, references: [] }, ran.stream, token);
    assert.equal(second.errorDetails, undefined, JSON.stringify(second.errorDetails));
    assert.ok(ran.progress.some((line) => /count-alpha/.test(line)), `progress names the tasks: ${ran.progress.join(' | ')}`);
    assert.match(ran.markdown(), /beta\.txt is longer than alpha\.txt\./);
    assert.match(ran.markdown(), /3\/3 tasks succeeded/);
    assert.equal(scripted.seen.length, 2, 'the chat model also synthesised the answer');
    const reveal = ran.buttons.find((button) => button.command === 'parallelDispatcher.revealDispatch');
    assert.equal(reveal?.arguments?.[0], second.metadata?.dispatchId);
    assert.equal(await vscode.commands.executeCommand('parallelDispatcher.revealDispatch', second.metadata!.dispatchId), true);
    await waitFor('the dispatch selected in the tree', () => api.services.treeView.selection.some((node) => node.kind === 'dispatch' && node.dispatchId === second.metadata!.dispatchId));
  } finally {
    scripted.dispose();
  }
});

test('Ask… with a selected file outside the workspace folder asks the model nothing', async () => {
  const outside = path.join(path.dirname(workspaceRoot()), `outside-${Date.now()}.txt`);
  await fs.writeFile(outside, 'not in the workspace');
  try {
    await withConfiguredModel(async (server) => {
      const uri = vscode.Uri.file(outside);
      const asked = await vscode.commands.executeCommand<AskResult | undefined>('parallelDispatcher.ask', uri, [uri], { request: 'Use the outside file' });
      assert.equal(asked, undefined);
      assert.equal(server.requests.length, 0, 'refused before any model call');
    });
  } finally {
    await fs.rm(outside, { force: true });
  }
});

test('Ask… whose plan cannot be written says so instead of failing the command', async () => {
  const plans = path.join(workspaceRoot(), '.pdispatch', 'plans');
  const aside = `${plans}-aside`;
  await fs.rename(plans, aside);
  // A file where the plans folder should be: writing the plan fails with ENOTDIR/EEXIST.
  await fs.writeFile(plans, 'not a folder');
  try {
    await withConfiguredModel(async (server) => {
      server.enqueue({ json: plan });
      const asked = await vscode.commands.executeCommand<AskResult | undefined>('parallelDispatcher.ask', undefined, undefined, { request: 'Plan into a blocked folder' });
      assert.equal(asked, undefined);
      assert.equal(server.requests.length, 1, 'the plan was made');
    });
  } finally {
    await fs.rm(plans, { force: true });
    await fs.rename(aside, plans);
  }
});

test('@dispatch answers a chat model that never replies with a plan with a message, not an exception', async () => {
  const api = await extensionApi();
  const scripted = await registerScriptedChatModel(Array.from({ length: 8 }, () => 'Sorry, I cannot plan that.'));
  try {
    const stream = recordingStream();
    const result = await api.chat({ prompt: 'Plan something', command: undefined, model: scripted.model, references: [] }, stream.stream, new vscode.CancellationTokenSource().token);
    assert.ok(result.errorDetails !== undefined, 'the reply is marked as failed');
    assert.match(stream.markdown(), /^(Planning failed: the planner's model failed: |The plan is still invalid)/);
    assert.ok(stream.buttons.every((button) => button.title !== 'Run this plan'), 'nothing to run');
  } finally {
    scripted.dispose();
  }
});

test("Ask… without a configured model plans with the editor's chat model (Language Model API)", async () => {
  const scripted = await registerScriptedChatModel([JSON.stringify(plan)]);
  try {
    const asked = await vscode.commands.executeCommand<AskResult>('parallelDispatcher.ask', undefined, undefined, { request: 'Count the words with the editor model' });
    assert.equal(asked?.valid, true, JSON.stringify(asked?.issues));
    assert.equal(scripted.seen.length, 1);
    assert.match(scripted.seen[0]!, /Count the words with the editor model/);
    assert.match(await fs.readFile(asked!.planPath, 'utf8'), /^user_prompt: Count the words with the editor model$/m);
  } finally {
    scripted.dispose();
  }
});

/** A chat response stream that remembers what the handler wrote. */
function recordingStream() {
  const parts: string[] = [];
  const progress: string[] = [];
  const buttons: vscode.Command[] = [];
  const stream: ChatStream = {
    markdown: (value) => parts.push(typeof value === 'string' ? value : value.value),
    progress: (value) => progress.push(value),
    button: (command) => buttons.push(command),
    anchor: (value, title) => parts.push(`[${title ?? ''}](${value instanceof vscode.Uri ? value.toString() : value.uri.toString()})`),
  };
  return { stream, progress, buttons, markdown: () => parts.join('') };
}
