import fs from 'node:fs/promises';
import path from 'node:path';
import { DispatchValidationError, fileErrorReason, formatIssue, parseMcpConfig, type McpServerSpec } from '@parallel-dispatcher/core';
import { repositoryPath } from './annotations.js';
import { InputError } from './inputs.js';

/** Why the dispatch file's own servers are refused without allow-shell, for the message. */
export const MCP_SERVERS_REFUSED_HINT = "define the servers in the workflow's mcp-config input instead";

/**
 * The MCP servers the workflow defines with the `mcp-config` input (a
 * `{ "mcpServers": … }` file, as Claude Code and Cursor write it, or VS
 * Code's `{ "servers": … }`): inline JSON when the value starts with `{` or
 * spans lines, else a file's path relative to the repository root. Relative
 * `cwd`s and `${workspaceFolder}` stand for the repository root, as every
 * path of the action's inputs does. Throws InputError naming the input, the
 * file and each place.
 */
export async function readMcpConfigInput(value: string, repositoryRoot: string): Promise<Record<string, McpServerSpec>> {
  const inline = value.startsWith('{') || value.includes('\n');
  let text = value;
  let source = 'the mcp-config input';
  if (!inline) {
    const file = path.resolve(repositoryRoot, value);
    source = repositoryPath(file, repositoryRoot, repositoryRoot) ?? file;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new InputError([`mcp-config: cannot read ${source} (${fileErrorReason(error)}); give inline JSON ({ "mcpServers": { … } }) or a path relative to the repository root ${repositoryRoot}`]);
    }
  }
  try {
    return parseMcpConfig(text, source, { baseDir: repositoryRoot });
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    const where = inline ? 'mcp-config (inline JSON)' : `mcp-config: ${source}`;
    throw new InputError(error.issues.length === 0 ? [`${where}: ${error.message}`] : error.issues.map((issue) => `${where}: ${formatIssue(issue)}`));
  }
}
