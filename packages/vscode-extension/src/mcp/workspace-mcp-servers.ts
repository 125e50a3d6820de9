import { parse, type ParseError } from 'jsonc-parser';
import { DispatchValidationError, formatIssue, parseMcpConfig, type McpServerSpec } from '@parallel-dispatcher/core';

/** The servers of a workspace's `.vscode/mcp.json` that a dispatch can use, and why any others were left out. */
export interface WorkspaceMcpServers {
  readonly servers: Readonly<Record<string, McpServerSpec>>;
  readonly warnings: readonly string[];
}

/** The folder whose `.vscode/mcp.json` it is, and the user's home directory. */
export interface McpConfigVariables {
  readonly workspaceFolder: string;
  readonly userHome: string;
}

const INPUT_REFERENCE = /\$\{input:[^}]*\}/;

/**
 * Reads VS Code's `{ "servers": …, "inputs": … }` (or `{ "mcpServers": … }`) with core's
 * `parseMcpConfig`, one server at a time, so one server the dispatcher cannot use (an SSE
 * endpoint, a written-out secret) does not take the others with it. `${userHome}` is filled in
 * first (core fills in `${workspaceFolder}`, the folder passed as its base); servers using
 * `${input:…}` are left out, since only VS Code itself can prompt for those. What is left out is
 * said in `warnings`, naming the file and place.
 */
export function workspaceMcpServers(text: string, source: string, variables: McpConfigVariables): WorkspaceMcpServers {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const key = record === undefined ? undefined : 'servers' in record ? 'servers' : 'mcpServers' in record ? 'mcpServers' : undefined;
  const entries = record !== undefined && key !== undefined ? record[key] : undefined;
  if (errors.length > 0 || key === undefined || typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    // Core words what is wrong with the file as a whole.
    const problem = problemOf(() => parseMcpConfig(text, source, { baseDir: variables.workspaceFolder }));
    return { servers: {}, warnings: [`${source} is not used: ${problem ?? 'it defines no "servers"'}`] };
  }
  const servers: Record<string, McpServerSpec> = {};
  const warnings: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const input = JSON.stringify(entry).match(INPUT_REFERENCE)?.[0];
    if (input !== undefined) {
      warnings.push(`${source}: server "${name}" is left out: it uses ${input}, which only VS Code itself can prompt for; put the value in an environment variable and write "\${env:NAME}" instead`);
      continue;
    }
    const one = JSON.stringify({ [key]: { [name]: withUserHome(entry, variables.userHome) } });
    const problem = problemOf(() => Object.assign(servers, parseMcpConfig(one, source, { baseDir: variables.workspaceFolder })));
    if (problem !== undefined) warnings.push(`${source}: server "${name}" is left out: ${problem}`);
  }
  return { servers, warnings };
}

/** The problems of the validation error `run` throws, on one line (a notification's); undefined when it throws none. */
function problemOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (DispatchValidationError.isInstance(error)) return error.issues.map(formatIssue).join('; ');
    throw error;
  }
}

/** VS Code's `${userHome}` in every string. */
function withUserHome(value: unknown, home: string): unknown {
  if (typeof value === 'string') return value.replaceAll('${userHome}', home);
  if (Array.isArray(value)) return value.map((item) => withUserHome(item, home));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, withUserHome(item, home)]));
  return value;
}
