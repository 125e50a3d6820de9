import path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DispatchValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { httpMcpServerSchema, MCP_SERVER_NAME_PATTERN, stdioMcpServerSchema, type McpServerSpec } from '../schema/dispatch-schema.js';
import { jsonPath } from '../schema/json-path.js';
import { fromZodIssues } from '../schema/zod-issues.js';
import { literalSecretIssues } from './mcp-secret-issues.js';

/** Fields of client configs that mean something we cannot do, and why. */
const REFUSED_FIELDS: Readonly<Record<string, string>> = {
  envFile: 'an env file is not read; list the variables in "env" as "${NAME}"',
};

/**
 * Reads an MCP client config: `{ "mcpServers": {...} }` (Claude Code, Cursor, `.mcp.json`)
 * or VS Code's `{ "servers": {...}, "inputs": [...] }`; comments and trailing commas allowed.
 * Throws DispatchValidationError naming `source` and the place (`mcpServers.docs.url`).
 * Relative `cwd` resolve against options.baseDir, which also stands for VS Code's
 * `${workspaceFolder}` (the host passes the workspace folder). Refuses what it cannot honour
 * (`type: "sse"`, `envFile`, `${input:…}`) and literal secrets, at their place.
 */
export function parseMcpConfig(text: string, source: string, options: { readonly baseDir: string }): Record<string, McpServerSpec> {
  const fail = (issues: readonly ValidationIssue[]): never => {
    throw new DispatchValidationError(issues, source);
  };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) fail(errors.map((error) => ({ path: lineAndColumn(text, error.offset), message: syntaxMessage(error) })));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail([{ path: '', message: 'an MCP config is an object with "mcpServers" (or VS Code\'s "servers")' }]);
  const record = value as Record<string, unknown>;
  const key = 'mcpServers' in record ? 'mcpServers' : 'servers' in record ? 'servers' : undefined;
  if (key === undefined) return fail([{ path: '', message: 'no "mcpServers" (or VS Code\'s "servers") object found' }]);
  const entries = record[key];
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return fail([{ path: key, message: `${key} must be an object of servers by name` }]);

  const issues: ValidationIssue[] = [];
  const servers: Record<string, McpServerSpec> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const where = [key, name];
    if (!MCP_SERVER_NAME_PATTERN.test(name)) {
      issues.push({ path: jsonPath(where), message: 'an MCP server name holds only letters, digits, "_" and "-" (at most 64)' });
      continue;
    }
    const spec = serverSpec(entry, where, options.baseDir, issues);
    if (spec !== undefined) servers[name] = spec;
  }
  issues.push(...literalSecretIssues(servers, [key]));
  if (issues.length > 0) fail(issues);
  return servers;
}

function serverSpec(entry: unknown, where: readonly string[], baseDir: string, issues: ValidationIssue[]): McpServerSpec | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    issues.push({ path: jsonPath(where), message: 'a server is an object: { "command", "args" } or { "url" }' });
    return undefined;
  }
  const { type, ...fields } = entry as Record<string, unknown>;
  let refused = false;
  for (const [field, reason] of Object.entries(REFUSED_FIELDS)) {
    if (field in fields) {
      issues.push({ path: jsonPath([...where, field]), message: reason });
      refused = true;
    }
  }
  for (const [field, text] of stringsIn(fields, [])) {
    if (/\$\{input:/.test(text)) {
      issues.push({ path: jsonPath([...where, ...field]), message: '"${input:…}" asks the editor to prompt, which cannot happen here; take the value from a variable: "${NAME}"' });
      refused = true;
    }
  }
  if (type === 'sse') {
    issues.push({ path: jsonPath([...where, 'type']), message: 'the old HTTP+SSE transport is not supported; use the server\'s Streamable HTTP endpoint ("type": "http")' });
    return undefined;
  }
  const isHttp = type === 'http' || type === 'streamable-http' || (type === undefined && 'url' in fields && !('command' in fields));
  if (type !== undefined && type !== 'stdio' && !isHttp) {
    issues.push({ path: jsonPath([...where, 'type']), message: `type must be "stdio" or "http" (got ${JSON.stringify(type)})` });
    return undefined;
  }
  if (refused) return undefined;
  const schema = isHttp ? httpMcpServerSchema : stdioMcpServerSchema;
  const candidate = { ...(withWorkspaceFolder(fields, baseDir) as Record<string, unknown>), ...(isHttp ? { type: 'http' } : {}) };
  const parsed = schema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) {
    issues.push(...fromZodIssues(parsed.error.issues, schema, where));
    return undefined;
  }
  const spec = parsed.data;
  return 'command' in spec && spec.cwd !== undefined ? { ...spec, cwd: path.resolve(baseDir, spec.cwd) } : spec;
}

/** VS Code's `${workspaceFolder}` in every string, as the folder the config belongs to. */
function withWorkspaceFolder(value: unknown, folder: string): unknown {
  if (typeof value === 'string') return value.replace(/\$\{workspace(?:Folder|Root)\}/g, folder);
  if (Array.isArray(value)) return value.map((item) => withWorkspaceFolder(item, folder));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withWorkspaceFolder(item, folder)]));
  return value;
}

/** Every string in a value, with its path. */
function stringsIn(value: unknown, at: readonly (string | number)[]): [readonly (string | number)[], string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, [...at, index]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => stringsIn(item, [...at, key]));
  return [];
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function syntaxMessage(error: ParseError): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'not a valid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing "}" was expected',
    CloseBracketExpected: 'a closing "]" was expected',
    EndOfFileExpected: 'the file should end here',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfComment: 'a comment is not closed',
  };
  const code = printParseErrorCode(error.error);
  return `not valid JSON: ${words[code] ?? code}`;
}
