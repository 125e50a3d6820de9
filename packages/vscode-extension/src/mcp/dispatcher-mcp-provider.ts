import path from 'node:path';
import { apiKeyVariable } from '@parallel-dispatcher/core';
import * as vscode from 'vscode';
import { providerOf, type ApiKeyStore } from '../models/api-key-store.js';
import { readSettings } from '../settings/extension-settings.js';
import { dispatcherServerLaunch } from './dispatcher-server-launch.js';

/** The id under `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'parallelDispatcher.dispatcher';

/**
 * Offers the editor's agents (Copilot agent mode and others) the dispatcher as an MCP server,
 * one per workspace folder: the bundled `pdispatch mcp` run by the editor's own Node, with the
 * extension's settings. The API key is added only when the editor starts the server, in its
 * environment, never in the definition the editor lists.
 */
export class DispatcherMcpProvider implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly apiKeys: ApiKeyStore,
  ) {
    const fire = () => this.changed.fire();
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(fire),
      vscode.workspace.onDidGrantWorkspaceTrust(fire),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('parallelDispatcher')) fire();
      }),
    ];
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const cliPath = path.join(this.context.extensionPath, 'dist', 'cli', 'bin', 'pdispatch.js');
    return folders.map((folder) => {
      const launch = dispatcherServerLaunch({
        folderPath: folder.uri.fsPath,
        folderName: folder.name,
        multiRoot: folders.length > 1,
        cliPath,
        nodePath: process.execPath,
        version: String(this.context.extension.packageJSON.version),
        trusted: vscode.workspace.isTrusted,
        settings: readSettings(folder),
        hostEnv: process.env,
      });
      const definition = new vscode.McpStdioServerDefinition(launch.label, launch.command, [...launch.args], { ...launch.env }, launch.version);
      definition.cwd = vscode.Uri.file(launch.cwd);
      return definition;
    });
  }

  /** Called when the editor starts a server: the configured model's key from secret storage goes into its environment. */
  async resolveMcpServerDefinition(server: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition> {
    const folder = server.cwd === undefined ? undefined : vscode.workspace.getWorkspaceFolder(server.cwd);
    const model = readSettings(folder).model;
    const provider = model === undefined ? undefined : providerOf(model);
    const key = provider === undefined ? undefined : await this.apiKeys.get(provider);
    if (provider !== undefined && key !== undefined) server.env = { ...server.env, [apiKeyVariable(provider)]: key };
    return server;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
