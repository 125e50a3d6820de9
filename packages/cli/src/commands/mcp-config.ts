import fs from 'node:fs/promises';
import { fileErrorReason, parseMcpConfig, type McpServerSpec } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';

/**
 * `--mcp-config FILE`: the servers a host config defines (`.mcp.json`,
 * `.vscode/mcp.json`, …), trusted, for prepareDispatch's `mcpServers`.
 * Relative `cwd` and `${workspaceFolder}` stand for the workspace. Throws
 * CliUsageError (unreadable) or DispatchValidationError naming the file and the place.
 */
export async function readMcpConfig(file: string, workspace: string): Promise<Record<string, McpServerSpec>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`--mcp-config ${file}: cannot read it: ${fileErrorReason(error)}`);
  }
  return parseMcpConfig(text, `--mcp-config ${file}`, { baseDir: workspace });
}

/** The `mcpServers` option of prepareDispatch for an optional `--mcp-config`. */
export async function mcpServersOption(file: string | undefined, workspace: string): Promise<{ readonly mcpServers?: Record<string, McpServerSpec> }> {
  return file === undefined ? {} : { mcpServers: await readMcpConfig(file, workspace) };
}
