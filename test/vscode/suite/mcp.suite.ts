import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { EXTENSION_ID, extensionApi, test, waitFor, workspaceRoot } from './harness.js';

const token = new vscode.CancellationTokenSource().token;

/** The environment the editor starts a stdio server with: its own, with the definition's variables set over it (null removes one). */
function serverEnvironment(definition: vscode.McpStdioServerDefinition): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  for (const [name, value] of Object.entries(definition.env)) {
    if (value === null) delete env[name];
    else env[name] = String(value);
  }
  return env;
}

/** Starts the server as the editor would from the provided definition and talks MCP to it with the official client. */
async function withDispatcherServer(use: (client: Client) => Promise<void>): Promise<void> {
  const { mcpServers } = await extensionApi();
  const [listed] = (await mcpServers.provideMcpServerDefinitions(token)) ?? [];
  const definition = (await mcpServers.resolveMcpServerDefinition(listed!, token)) as vscode.McpStdioServerDefinition;
  const transport = new StdioClientTransport({ command: definition.command, args: definition.args, env: serverEnvironment(definition), cwd: definition.cwd!.fsPath, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'pdispatch-e2e', version: '1.0.0' });
  try {
    await client.connect(transport);
    await use(client);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nserver stderr:\n${stderr}`, { cause: error });
  } finally {
    await client.close();
  }
}

/** A tool result's JSON text, parsed. */
function resultJson(result: Awaited<ReturnType<Client['callTool']>>): Record<string, unknown> {
  const [first] = result.content as { type: string; text?: string }[];
  assert.equal(result.isError ?? false, false, first?.text);
  return JSON.parse(first?.text ?? 'null') as Record<string, unknown>;
}

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

test('the defined server starts and answers MCP: initialize, tools/list and a validation', async () => {
  await withDispatcherServer(async (client) => {
    assert.equal(client.getServerVersion()?.name, 'pdispatch');
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['cancel_dispatch', 'get_dispatch', 'plan_dispatch', 'run_dispatch', 'validate_dispatch']);
    const checked = resultJson(await client.callTool({ name: 'validate_dispatch', arguments: { dispatch: { tasks: [{ task_id: 'a', agent: 'shell', dependencies: ['b'], input_data: { command: 'true' } }] } } }));
    assert.equal(checked.ok, false);
    assert.match(JSON.stringify(checked.problems), /tasks\[0\]\.dependencies\[0\].*unknown task \\"b\\"/);
  });
});

test('a dispatch an agent runs through the server shows in the tree like any other', async () => {
  const { services } = await extensionApi();
  await withDispatcherServer(async (client) => {
    const dispatch = { tasks: [{ task_id: 'from-an-agent', agent: 'shell', input_data: { command: 'echo started over MCP' } }] };
    const report = resultJson(await client.callTool({ name: 'run_dispatch', arguments: { dispatch, wait: true } }));
    assert.equal(report.status, 'success', JSON.stringify(report));
    const dispatchId = String(report.dispatch_id);
    const shown = await waitFor('the dispatch in the tree (file watcher)', () => services.store.get(dispatchId)?.status === 'success' && services.store.get(dispatchId));
    assert.equal(shown.origin, 'workspace');
    assert.equal(path.dirname(shown.indexPath), path.join(workspaceRoot(), 'traces'));
    const [task] = await services.tree.getChildren(services.tree.dispatchNode(dispatchId));
    assert.equal(services.tree.getTreeItem(task!).label, 'from-an-agent');
  });
});
