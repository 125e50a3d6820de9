import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../packages/vscode-extension/src/dispatch/dispatch-runner.js';
import { EXTENSION_ID, extensionApi, test, waitFor, workspaceRoot } from './harness.js';
import { registerScriptedChatModel } from './scripted-chat-model.js';

/** The official reference filesystem server from the repository's node_modules (the extension under test runs from the repository). */
function filesystemServer(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  return path.resolve(extension.extensionPath, '../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
}

test('a task with tools calls the servers of .vscode/mcp.json through the editor\'s chat model; the tree lists its tool calls', async () => {
  const { services } = await extensionApi();
  const root = workspaceRoot();
  const mcpJson = path.join(root, '.vscode', 'mcp.json');
  const dispatchFile = path.join(root, 'tools.dispatch.json');
  await fs.mkdir(path.dirname(mcpJson), { recursive: true });
  await fs.writeFile(
    mcpJson,
    `{
  // VS Code's own format: \${workspaceFolder} is filled in; a server asking for \${input:…} is left out.
  "inputs": [{ "type": "promptString", "id": "token", "password": true }],
  "servers": {
    "files": { "type": "stdio", "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(filesystemServer())}, "\${workspaceFolder}/src"] },
    "prompted": { "type": "http", "url": "http://127.0.0.1:9/mcp", "headers": { "Authorization": "Bearer \${input:token}" } },
  },
}`,
  );
  await fs.writeFile(
    dispatchFile,
    JSON.stringify({
      config: { trace_dir: './traces', agents: { reader: { kind: 'prompt', instructions: 'Answer from the files you read with your tools.', tools: ['files.*'] } } },
      tasks: [{ task_id: 'read-alpha', agent: 'reader', input_data: { question: 'How many words does src/alpha.txt hold?' } }],
    }),
  );
  const alpha = path.join(root, 'src', 'alpha.txt');
  const scripted = await registerScriptedChatModel([{ toolCalls: [{ name: 'files__read_text_file', input: { path: alpha } }] }, 'alpha.txt holds three words.']);
  try {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('parallelDispatcher.runDispatchFile', vscode.Uri.file(dispatchFile));
    assert.equal(outcome?.status, 'success');
    // The tools went to the chat model as Language Model API tools, and the server's real reply came back to it.
    assert.ok(scripted.offered[0]!.includes('files__read_text_file'), `offered: ${scripted.offered[0]!.join(', ')}`);
    assert.ok(!scripted.offered[0]!.some((name) => name.startsWith('prompted')), 'the ${input:…} server is left out');
    assert.match(scripted.seen[1]!, new RegExp((await fs.readFile(alpha, 'utf8')).trim()));
    const trace = await services.library.taskTrace(outcome!.dispatchId, 'read-alpha');
    assert.equal(trace.tool_calls.length, 1);
    assert.deepEqual([trace.tool_calls[0]!.server, trace.tool_calls[0]!.tool, trace.tool_calls[0]!.error], ['files', 'read_text_file', null]);
    assert.match(JSON.stringify(trace.output), /three words/);

    const [task] = await services.tree.getChildren(services.tree.dispatchNode(outcome!.dispatchId));
    const details = await services.tree.getChildren(task);
    const group = details.find((detail) => services.tree.getTreeItem(detail).label === 'Tool calls (1)');
    assert.ok(group !== undefined, `rows: ${details.map((detail) => String(services.tree.getTreeItem(detail).label)).join(', ')}`);
    assert.equal(services.tree.getTreeItem(group).contextValue, 'parallelDispatcher:detail:tool-calls');
    assert.equal(services.tree.getTreeItem(group).id, `dispatch/${outcome!.dispatchId}/task/read-alpha/tool-calls`);
    const [call] = await services.tree.getChildren(group);
    const item = services.tree.getTreeItem(call!);
    assert.equal(item.label, '1. files.read_text_file');
    assert.equal(services.tree.getParent(call!), group);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const document = await waitFor('the tool call document', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.path.endsWith('/read-alpha/tool-call-1.md') === true ? editor.document : undefined;
    });
    assert.match(document.getText(), /- \*\*Tool:\*\* `read_text_file` of MCP server `files`/);
    assert.ok(document.getText().includes(JSON.stringify(alpha)), 'the arguments are shown');
    assert.match(document.getText(), /## result\n\n`{3,}text\n[\s\S]*one/);
  } finally {
    scripted.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(mcpJson, { force: true });
    await fs.rm(dispatchFile, { force: true });
  }
});
