import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, test, workspaceRoot } from './harness.js';

const token = new vscode.CancellationTokenSource().token;

test('contributes an MCP server definition provider and registers it', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributed = extension.packageJSON.contributes.mcpServerDefinitionProviders as { id: string; label: string }[];
  assert.deepEqual(contributed, [{ id: 'parallelDispatcher.dispatcher', label: 'Parallel Dispatcher' }]);
  assert.ok((extension.packageJSON.activationEvents as string[]).includes('onMcpCollection:parallelDispatcher.dispatcher'));
  const { mcpServers } = await extensionApi();
  const definitions = (await mcpServers.provideMcpServerDefinitions(token)) ?? [];
  assert.equal(definitions.length, 1);
  const [definition] = definitions;
  assert.ok(definition instanceof vscode.McpStdioServerDefinition);
  assert.equal(definition.label, 'Parallel Dispatcher');
  assert.equal(definition.command, process.execPath);
  assert.equal(definition.cwd?.fsPath, workspaceRoot());
  assert.deepEqual(definition.args.slice(1, 4), ['mcp', '--workspace', workspaceRoot()]);
  assert.match(definition.args[0]!, /[\\/]dist[\\/]cli[\\/]bin[\\/]pdispatch\.js$/);
  assert.equal(definition.env.ELECTRON_RUN_AS_NODE, '1');
});

test('resolves the definition with the configured model\'s key in the environment only', async () => {
  const { services, mcpServers } = await extensionApi();
  const config = vscode.workspace.getConfiguration('parallelDispatcher');
  const key = 'sk-ant-e2e-mcp-key-0815';
  try {
    await config.update('model', 'anthropic:claude-e2e', vscode.ConfigurationTarget.Workspace);
    await services.apiKeys.set('anthropic', key);
    const [definition] = (await mcpServers.provideMcpServerDefinitions(token)) ?? [];
    assert.ok(definition !== undefined);
    assert.ok(!JSON.stringify({ args: definition.args, env: definition.env }).includes(key), 'the listed definition holds no key');
    assert.deepEqual(definition.args.slice(-3), ['--model', 'anthropic:claude-e2e', '--allow-shell']);
    const resolved = (await mcpServers.resolveMcpServerDefinition(definition, token)) as vscode.McpStdioServerDefinition;
    assert.equal(resolved.env.ANTHROPIC_API_KEY, key);
  } finally {
    await services.apiKeys.set('anthropic', '');
    await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
  }
});
