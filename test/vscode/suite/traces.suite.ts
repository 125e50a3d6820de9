import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { writeZip, type ZipInput } from '../../../packages/vscode-extension/test-support/zip-writer.js';
import { extensionApi, test, waitFor, workspaceRoot } from './harness.js';

function artifactFolder(): string {
  const folder = process.env.PDISPATCH_E2E_ARTIFACT;
  if (folder === undefined) throw new Error('PDISPATCH_E2E_ARTIFACT names the fixture trace artifact folder');
  return folder;
}

async function zipOf(folder: string): Promise<Buffer> {
  const inputs: ZipInput[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        inputs.push({ name: `${path.relative(folder, file)}/`, method: 0 });
        await walk(file);
      } else {
        inputs.push({ name: path.relative(folder, file), data: await fs.readFile(file) });
      }
    }
  };
  await walk(folder);
  return await writeZip(inputs);
}

let artifactDispatch = '';

test('opens a trace artifact folder from CI and browses its tasks, errors, model calls and written files', async () => {
  const { services } = await extensionApi();
  const ids = await vscode.commands.executeCommand<string[]>('parallelDispatcher.openTraceArtifact', vscode.Uri.file(artifactFolder()));
  assert.equal(ids.length, 1);
  artifactDispatch = ids[0]!;
  const dispatch = services.store.get(artifactDispatch)!;
  assert.equal(dispatch.origin, 'opened');
  assert.equal(dispatch.workspace, '/home/runner/work/app/app');
  const node = services.tree.dispatchNode(artifactDispatch);
  const tasks = await services.tree.getChildren(node);
  const labels = tasks.map((task) => String(services.tree.getTreeItem(task).label));
  assert.deepEqual(labels, ['install', 'lint', 'unit-tests', 'e2e-tests', 'fix-auth', 'report']);
  const icons = tasks.map((task) => (services.tree.getTreeItem(task).iconPath as vscode.ThemeIcon).id);
  assert.deepEqual(icons, ['pass', 'pass', 'error', 'debug-step-over', 'pass', 'pass']);

  const unitTests = await services.tree.getChildren(tasks[2]);
  const error = unitTests.map((detail) => services.tree.getTreeItem(detail)).find((item) => item.label === 'Error');
  assert.match(String(error?.description), /agent: command exited with code 1: FAIL src\/auth\.test\.ts/);

  const fixAuth = await services.tree.getChildren(tasks[4]);
  const groups = fixAuth.map((detail) => String(services.tree.getTreeItem(detail).label));
  assert.deepEqual(groups, ['Input', 'Output', 'Model calls (1)', 'Files (1 written)']);
  const [call] = await services.tree.getChildren(fixAuth[2]);
  assert.match(String(services.tree.getTreeItem(call!).label), /^1\. anthropic:claude-sonnet-4-5$/);
  const [written] = await services.tree.getChildren(fixAuth[3]);
  const writtenItem = services.tree.getTreeItem(written!);
  assert.equal(writtenItem.label, 'src/auth.ts');
  assert.match(String(writtenItem.tooltip), /^\/home\/runner\/work\/app\/app\/src\/auth\.ts\n/);
  assert.match(String(writtenItem.description), /^changed \+3 −2$/);

  // The file in this workspace has the content the task wrote: a real side-by-side diff, the
  // previous version rebuilt from the trace.
  await vscode.commands.executeCommand(writtenItem.command!.command, ...(writtenItem.command!.arguments ?? []));
  const tab = await waitFor('the diff editor', () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff ? input : undefined;
  });
  assert.equal(tab.modified.fsPath, path.join(workspaceRoot(), 'src', 'auth.ts'));
  const before = await vscode.workspace.openTextDocument(tab.original);
  assert.equal(before.getText(), 'export function isAuthorised(token: string): boolean {\n  return token.length > 0;\n}\n');

  // The model call opens as Markdown with the messages and the reply.
  await vscode.commands.executeCommand('parallelDispatcher.openTraceItem', { dispatchId: artifactDispatch, taskId: 'fix-auth', part: 'model-call', index: 0 });
  const document = await waitFor('the model call document', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('model-call-1.md') && vscode.window.activeTextEditor.document);
  assert.match(document.getText(), /## reply[\s\S]*startsWith\('Bearer '\)/);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('opens the same artifact as a .zip: extracted into global storage, same dispatch', async () => {
  const { services } = await extensionApi();
  const zipFile = path.join(path.dirname(workspaceRoot()), 'pdispatch-traces.zip');
  await fs.writeFile(zipFile, await zipOf(artifactFolder()));
  const ids = await vscode.commands.executeCommand<string[]>('parallelDispatcher.openTraceArtifact', vscode.Uri.file(zipFile));
  assert.deepEqual(ids, [artifactDispatch]);
  const dispatch = services.store.get(artifactDispatch)!;
  assert.ok(dispatch.traceDir.startsWith(services.context.globalStorageUri.fsPath), `read from global storage (${dispatch.traceDir})`);
});

test('refuses a zip whose entries would escape the extraction folder', async () => {
  const { services } = await extensionApi();
  const evil = path.join(path.dirname(workspaceRoot()), 'evil-artifact.zip');
  await fs.writeFile(evil, await writeZip([{ name: 'traces/ok.json', data: '{}' }, { name: '../../../pdispatch-escaped.txt', data: 'gotcha' }]));
  const ids = await vscode.commands.executeCommand<string[]>('parallelDispatcher.openTraceArtifact', vscode.Uri.file(evil));
  assert.deepEqual(ids, []);
  const storage = services.context.globalStorageUri.fsPath;
  for (const dir of [storage, path.dirname(storage), path.join(storage, '..', '..')]) {
    await assert.rejects(fs.access(path.join(dir, 'pdispatch-escaped.txt')));
  }
});

test('picks up traces another process writes into the workspace (file watcher)', async () => {
  const { services } = await extensionApi();
  const folder = path.join(workspaceRoot(), 'ci-traces');
  const source = path.join(artifactFolder(), 'traces');
  const [index] = (await fs.readdir(source)).filter((name) => name.endsWith('.json'));
  const changed = JSON.parse(await fs.readFile(path.join(source, index!), 'utf8')) as { dispatch_id: string };
  const copyId = changed.dispatch_id.replace(/-[0-9a-f]{8}$/, '-0000cafe');
  await fs.mkdir(path.join(folder, copyId), { recursive: true });
  await fs.cp(path.join(source, changed.dispatch_id), path.join(folder, copyId), { recursive: true });
  await fs.writeFile(path.join(folder, `${copyId}.json`), JSON.stringify({ ...changed, dispatch_id: copyId }).replaceAll(`${changed.dispatch_id}/`, `${copyId}/`));
  const dispatch = await waitFor('the watcher to add the new dispatch', () => services.store.get(copyId));
  assert.equal(dispatch.origin, 'workspace');
  await fs.rm(path.join(folder, `${copyId}.json`));
  await waitFor('the watcher to drop the deleted dispatch', () => services.store.get(copyId) === undefined);
});

test('opens a task trace file from disk: its dispatch joins the view, the task is revealed', async () => {
  const { services } = await extensionApi();
  const traceDir = path.join(artifactFolder(), 'traces');
  const [folder] = (await fs.readdir(traceDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const taskFile = vscode.Uri.file(path.join(traceDir, folder!.name, 'unit-tests.json'));
  const dispatchId = await vscode.commands.executeCommand<string>('parallelDispatcher.openTraceFile', taskFile);
  assert.equal(dispatchId, folder!.name);
  assert.ok(services.store.get(dispatchId));
  await waitFor('the task trace in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === taskFile.fsPath);
  assert.deepEqual(services.treeView.selection.map((node) => node.id), [`dispatch/${dispatchId}/task/unit-tests`]);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('shows the timeline of a dispatch in a webview', async () => {
  await extensionApi();
  const shown = await vscode.commands.executeCommand<string>('parallelDispatcher.showTimeline', artifactDispatch);
  assert.equal(shown, artifactDispatch);
  const tab = await waitFor('the timeline tab', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label.startsWith('Timeline:')));
  assert.ok(tab.input instanceof vscode.TabInputWebview);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('exports a dispatch as the self-contained HTML report and shows it in a webview', async () => {
  await extensionApi();
  const output = path.join(os.tmpdir(), `pdispatch-report-${process.pid}.html`);
  const written = await vscode.commands.executeCommand<string>('parallelDispatcher.exportReport', artifactDispatch, { output });
  assert.equal(written, output);
  const html = await fs.readFile(output, 'utf8');
  assert.match(html, /Content-Security-Policy/);
  assert.ok(html.includes(artifactDispatch), 'the report names its dispatch');
  const tab = await waitFor('the report tab', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label.startsWith('Report:')));
  assert.ok(tab.input instanceof vscode.TabInputWebview);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await fs.rm(output, { force: true });
});

test('validates *.dispatch.json files against the schema generated from core', async () => {
  const file = path.join(workspaceRoot(), 'broken.dispatch.json');
  await fs.writeFile(file, JSON.stringify({ tasks: [{ task_id: 'a', agent: 'shell', input_data: {}, timeout_seconds: 'soon' }], config: { max_workers: 0 } }, null, 2));
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const diagnostics = await waitFor('schema diagnostics', () => {
    const found = vscode.languages.getDiagnostics(document.uri);
    return found.length >= 2 ? found : undefined;
  }, 60_000);
  const messages = diagnostics.map((diagnostic) => diagnostic.message).join('\n');
  assert.match(messages, /number/i, messages);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
