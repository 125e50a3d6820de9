import path from 'node:path';
import type { McpServerSpec } from '../schema/dispatch-schema.js';
import { expandVariables } from './expand-variables.js';

/** Variables a stdio server gets from the host besides its own `env` (as the MCP SDK does): no credentials. */
const INHERITED = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'TMPDIR', 'LANG', 'LC_ALL', 'SYSTEMROOT', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PATHEXT', 'COMSPEC', 'TEMP', 'TMP'];

export type ResolvedServer =
  | { readonly kind: 'stdio'; readonly command: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>>; readonly cwd: string }
  | { readonly kind: 'http'; readonly url: string; readonly headers: Readonly<Record<string, string>> };

export interface Resolution {
  readonly server: ResolvedServer;
  /** Variables named but not set (and without a default): the server cannot start. */
  readonly missing: readonly string[];
  /** Values taken from the environment: secrets for the dispatch's redactor. */
  readonly secrets: readonly string[];
}

/**
 * A server's spec with `${NAME}` references (in its command, args, cwd, env, url
 * and headers, as Claude Code expands them) and `headers_env` filled from the dispatch's environment.
 */
export function resolveServer(spec: McpServerSpec, env: Readonly<Record<string, string | undefined>>, workspace: string): Resolution {
  const missing: string[] = [];
  const secrets: string[] = [];
  // What env, headers and the url take from the environment is a secret; a path in the command line is not (`ps` shows it anyway).
  const one = (value: string, secret = true) => {
    const expansion = expandVariables(value, env);
    missing.push(...expansion.missing);
    if (secret) secrets.push(...expansion.used);
    return expansion.value;
  };
  const plain = (value: string) => one(value, false);
  const expand = (values: Readonly<Record<string, string>> | undefined) => Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, one(value)]));
  if ('command' in spec) {
    const inherited = Object.fromEntries(INHERITED.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]!]])));
    return {
      server: { kind: 'stdio', command: plain(spec.command), args: (spec.args ?? []).map(plain), env: { ...inherited, ...expand(spec.env) }, cwd: path.resolve(workspace, plain(spec.cwd ?? '.')) },
      missing,
      secrets,
    };
  }
  const headers = expand(spec.headers);
  for (const [header, name] of Object.entries(spec.headers_env ?? {})) {
    const value = env[name];
    if (value === undefined || value === '') missing.push(name);
    else {
      headers[header] = value;
      secrets.push(value);
    }
  }
  return { server: { kind: 'http', url: one(spec.url), headers }, missing, secrets };
}
