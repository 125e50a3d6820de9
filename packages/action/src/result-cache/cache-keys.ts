import type { RunnerContext } from '../runner-context.js';

/** The Actions cache keys of one step's result cache: the key it saves under, and the prefixes it restores from, best first. */
export interface ResultCacheKeys {
  readonly key: string;
  readonly restoreKeys: readonly string[];
}

/** The toolkit refuses keys longer than this, and keys holding a comma. */
const MAX_KEY_LENGTH = 512;

/**
 * Keys per subject (the dispatch file, or what a request's plan is keyed on)
 * and branch: `pdispatch-results:<subject>:<branch>:<run id>-<attempt>`.
 * Actions cache entries cannot be overwritten, so each run saves its own,
 * and the next run restores the newest one for its subject: first from its
 * own branch, then the pull request's base branch, then any branch the cache
 * service lets it read (the default branch's, for a push to a new branch).
 * Colons separate the parts because Git forbids them in branch names, so one
 * subject's prefix never matches another's.
 */
export function resultCacheKeys(runner: RunnerContext, subject: string): ResultCacheKeys {
  const prefix = `pdispatch-results:${keyPart(subject)}:`;
  const branch = keyPart(runner.branch ?? 'no-branch');
  const base = runner.baseBranch === undefined ? undefined : keyPart(runner.baseBranch);
  const run = `${keyPart(runner.runId ?? 'local')}-${keyPart(runner.runAttempt ?? '1')}`;
  const restoreKeys = [`${prefix}${branch}:`, ...(base === undefined || base === branch ? [] : [`${prefix}${base}:`]), prefix];
  return { key: `${prefix}${branch}:${run}`.slice(0, MAX_KEY_LENGTH), restoreKeys: restoreKeys.map((key) => key.slice(0, MAX_KEY_LENGTH)) };
}

/** Keeps a part of a key readable in the repository's cache list while holding none of the separators: commas, colons, white space. */
function keyPart(text: string): string {
  return text.replace(/[,:\s]/g, '_').slice(0, 200);
}
