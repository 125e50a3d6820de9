import type { ValidationIssue } from '../errors/validation-error.js';
import { literalSecretIssues } from '../mcp/mcp-secret-issues.js';
import type { McpServerSpec } from '../schema/dispatch-schema.js';
import { closestName } from '../text/closest-name.js';
import { globMatcher, splitPattern } from '../tools/tool-patterns.js';

export interface ServerTrust {
  readonly fileIsUntrusted: boolean;
  readonly allowCommands: boolean;
  /** Why the file's servers are refused, for the message. */
  readonly hint: string | undefined;
}

/**
 * The servers a dispatch may use: the file's, unless it is untrusted (none
 * then: a stdio server is a command, an HTTP one can carry files anywhere)
 * or commands are refused (no stdio ones then), and the host's, which win.
 */
export function dispatchServers(
  fileServers: Readonly<Record<string, McpServerSpec>>,
  hostServers: Readonly<Record<string, McpServerSpec>>,
  trust: ServerTrust,
  issues: ValidationIssue[],
): Record<string, McpServerSpec> {
  const hint = trust.hint === undefined ? '' : ` (${trust.hint})`;
  const accepted: Record<string, McpServerSpec> = {};
  for (const [name, server] of Object.entries(fileServers)) {
    const where = `config.mcp_servers.${name}`;
    if (trust.fileIsUntrusted) issues.push({ path: where, message: `a dispatch file from an untrusted source may not define MCP servers; only the host's servers are used here${hint}` });
    else if ('command' in server && !trust.allowCommands) issues.push({ path: where, message: `a stdio MCP server runs a command, which is not allowed here${hint}` });
    else accepted[name] = server;
  }
  issues.push(...literalSecretIssues(accepted, ['config', 'mcp_servers']));
  return { ...accepted, ...hostServers };
}

/** Problems of `tools` patterns: a server no one defined (with the closest name), or a `*` that matches none. */
export function toolPatternIssues(patterns: readonly string[], servers: readonly string[], where: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  patterns.forEach((pattern, index) => {
    const { server } = splitPattern(pattern);
    if (server.includes('*') ? servers.some(globMatcher(server)) : servers.includes(server)) return;
    const known = servers.length === 0 ? 'no MCP servers are defined (config.mcp_servers, or the host\'s MCP config)' : `the MCP servers are: ${servers.join(', ')}`;
    const close = server.includes('*') ? undefined : closestName(server, servers);
    const what = server.includes('*') ? `"${server}" matches no MCP server` : `no MCP server is named "${server}"`;
    issues.push({ path: `${where}.tools[${index}]`, message: `${what}; ${known}${close === undefined ? '' : `; did you mean "${close}"?`}` });
  });
  return issues;
}
