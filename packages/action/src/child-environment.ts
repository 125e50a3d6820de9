/** Runner variables that carry credentials or reach the runner's own services. */
const REMOVED_NAMES = new Set(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RUNTIME_URL', 'ACTIONS_RESULTS_URL', 'GITHUB_TOKEN']);
const REMOVED_PREFIXES = ['INPUT_', 'ACTIONS_ID_TOKEN_REQUEST_'];

/**
 * The environment agents' child processes get: the runner's, minus the
 * action's inputs (which hold the model key and the GitHub token), the
 * runtime and OIDC tokens and GITHUB_TOKEN. A task's command may come from a
 * pull request and its output lands in the trace, so it must not see them; a
 * task that needs a token names it in its own `env`.
 */
export function childEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (REMOVED_NAMES.has(upper) || REMOVED_PREFIXES.some((prefix) => upper.startsWith(prefix))) continue;
    kept[name] = value;
  }
  return kept;
}
