import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { McpServerSpec } from '@parallel-dispatcher/core';
import { workspaceMcpServers } from './workspace-mcp-servers.js';

/**
 * The servers of a folder's `.vscode/mcp.json`, which dispatches run from a trusted workspace may
 * use (the editor defines them, so core trusts them); none in an untrusted workspace, where the
 * file is the repository's to write. Servers left out are logged and shown once.
 */
export class WorkspaceMcpFile {
  private readonly shown = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async servers(folder: vscode.WorkspaceFolder | undefined): Promise<Readonly<Record<string, McpServerSpec>> | undefined> {
    if (folder === undefined || !vscode.workspace.isTrusted) return undefined;
    const file = path.join(folder.uri.fsPath, '.vscode', 'mcp.json');
    const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      this.warn(`cannot read ${file}: ${error.message}`);
      return undefined;
    });
    if (text === undefined) return undefined;
    const { servers, warnings } = workspaceMcpServers(text, vscode.workspace.asRelativePath(file), { workspaceFolder: folder.uri.fsPath, userHome: os.homedir() });
    for (const warning of warnings) this.warn(warning);
    const names = Object.keys(servers);
    if (names.length > 0) this.log.info(`MCP servers from ${file}: ${names.join(', ')}`);
    return names.length === 0 ? undefined : servers;
  }

  private warn(message: string): void {
    this.log.warn(message);
    if (this.shown.has(message)) return;
    this.shown.add(message);
    void vscode.window.showWarningMessage(message);
  }
}
