import type { ValidationIssue } from '../../errors/validation-error.js';
import { directoryProblem, pathProblem } from '../../paths/path-problem.js';
import type { PathPolicy } from '../../paths/path-policy.js';

/**
 * The static check both command-running agents make: the working directory
 * is an existing directory inside the allowed roots, so a task never fails
 * to start over it (spawn reports a missing cwd as a missing /bin/sh).
 */
export function cwdIssues(input: { readonly cwd?: string | undefined }, paths: PathPolicy): ValidationIssue[] {
  if (input.cwd === undefined) return [];
  const absolute = paths.resolve(input.cwd);
  const problem = pathProblem(absolute) ?? (paths.check(input.cwd) === undefined ? 'outside' : directoryProblem(absolute));
  if (problem === undefined) return [];
  if (problem === 'outside') return [{ path: 'cwd', message: paths.describeRefusal(input.cwd, 'cwd') }];
  const shown = JSON.stringify(input.cwd.length > 200 ? `${input.cwd.slice(0, 200)}…` : input.cwd);
  return [{ path: 'cwd', message: `the working directory ${shown} ${problem}${absolute === input.cwd || problem !== 'does not exist' ? '' : ` (${absolute})`}` }];
}
