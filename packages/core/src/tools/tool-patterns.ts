/** `docs.*` → server part `docs`, tool part `*`; the tool part may hold dots of its own. */
export function splitPattern(pattern: string): { readonly server: string; readonly tool: string } {
  const dot = pattern.indexOf('.');
  return { server: pattern.slice(0, dot), tool: pattern.slice(dot + 1) };
}

/** A `*` pattern as a matcher: `*` is any run of characters, everything else itself. */
export function globMatcher(glob: string): (name: string) => boolean {
  const pattern = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (name) => pattern.test(name);
}

/** Whether any of a task's patterns names this tool of this server. */
export function patternsMatch(patterns: readonly string[]): (server: string, tool: string) => boolean {
  const matchers = patterns.map(splitPattern).map((part) => ({ server: globMatcher(part.server), tool: globMatcher(part.tool) }));
  return (server, tool) => matchers.some((matcher) => matcher.server(server) && matcher.tool(tool));
}

/** The servers a task's patterns can reach. */
export function serversMatched(patterns: readonly string[], servers: readonly string[]): string[] {
  const matchers = patterns.map((pattern) => globMatcher(splitPattern(pattern).server));
  return servers.filter((server) => matchers.some((matches) => matches(server)));
}

const MAX_NAME = 64;

/**
 * Model-facing names, `<server>__<tool>`, made to fit `^[A-Za-z0-9_-]{1,64}$`
 * (which every provider accepts) and unique: a clash gets `_2`, `_3`, ….
 */
export function modelFacingNames(tools: readonly { readonly server: string; readonly tool: string }[]): string[] {
  const taken = new Set<string>();
  return tools.map(({ server, tool }) => {
    const base = `${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_NAME);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base.slice(0, MAX_NAME - String(n).length - 1)}_${n}`;
    taken.add(name);
    return name;
  });
}
