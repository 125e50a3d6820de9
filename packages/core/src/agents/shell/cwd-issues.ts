import type { ValidationIssue } from '../../errors/validation-error.js';
import { directoryProblem, pathProblem } from '../../paths/path-problem.js';
import type { AgentCheckContext } from '../agent.js';

/**
 * The static check both command-running agents make: the working directory
 * is inside the allowed roots and is an existing directory, so a task never
 * fails to start over it (spawn reports a missing cwd as a missing /bin/sh).
 * A task that runs after others may work in a folder they create: a missing
 * folder is then checked when it starts (`cwdProblem`).
 */
export function cwdIssues(input: { readonly cwd?: string | undefined }, { paths, hasDependencies }: Pick<AgentCheckContext, 'paths' | 'hasDependencies'>): ValidationIssue[] {
  if (input.cwd === undefined) return [];
  const absolute = paths.resolve(input.cwd);
  const unusable = pathProblem(absolute);
  // Outside the roots is refused before existence is looked at: nothing is learnt about other folders.
  if (unusable === undefined && paths.check(input.cwd) === undefined) return [{ path: 'cwd', message: paths.describeRefusal(input.cwd, 'cwd') }];
  const problem = unusable ?? directoryProblem(absolute);
  if (problem === undefined || (problem === 'does not exist' && hasDependencies)) return [];
  return [{ path: 'cwd', message: describeCwdProblem(input.cwd, absolute, problem) }];
}

/** Why a task cannot start in `cwd` now; undefined when it can. */
export function cwdProblem(cwd: string, absolute: string): string | undefined {
  const problem = directoryProblem(absolute);
  return problem === undefined ? undefined : describeCwdProblem(cwd, absolute, problem);
}

function describeCwdProblem(cwd: string, absolute: string, problem: string): string {
  const shown = JSON.stringify(cwd.length > 200 ? `${cwd.slice(0, 200)}…` : cwd);
  return `the working directory ${shown} ${problem}${absolute === cwd || problem !== 'does not exist' ? '' : ` (${absolute})`}`;
}
