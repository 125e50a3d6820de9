import type { ValidationIssue } from '../../errors/validation-error.js';
import { directoryProblem, pathProblem } from '../../paths/path-problem.js';
import type { AgentCheckContext } from '../agent.js';

/**
 * The static check both command-running agents make: the working directory
 * is inside the allowed roots and is a directory (spawn reports a missing cwd
 * as a missing /bin/sh). A task with dependencies may use a folder one of
 * them creates (`mkdir build`), so for it only an existing non-directory is wrong.
 */
export function cwdIssues(input: { readonly cwd?: string | undefined }, { paths, hasDependencies }: Pick<AgentCheckContext, 'paths' | 'hasDependencies'>): ValidationIssue[] {
  if (input.cwd === undefined) return [];
  const absolute = paths.resolve(input.cwd);
  const unusable = pathProblem(absolute);
  // Outside the roots is refused before existence is looked at: nothing is learnt about other folders.
  if (unusable === undefined && paths.check(input.cwd) === undefined) return [{ path: 'cwd', message: paths.describeRefusal(input.cwd, 'cwd') }];
  const problem = unusable ?? directoryProblem(absolute);
  if (problem === undefined || (problem === 'does not exist' && hasDependencies === true)) return [];
  const shown = JSON.stringify(input.cwd.length > 200 ? `${input.cwd.slice(0, 200)}…` : input.cwd);
  return [{ path: 'cwd', message: `the working directory ${shown} ${problem}${absolute === input.cwd || problem !== 'does not exist' ? '' : ` (${absolute})`}` }];
}
