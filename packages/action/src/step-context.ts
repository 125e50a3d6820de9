import { getOctokit } from '@actions/github';
import type { Octokit } from './changed-files.js';
import type { ActionInputs } from './inputs.js';
import type { RunnerContext } from './runner-context.js';
import type { StepLog } from './step-log.js';

/** What loading, planning, running and publishing share: the step's log, the runner and the inputs. */
export interface StepContext {
  readonly log: StepLog;
  readonly runner: RunnerContext;
  readonly inputs: ActionInputs;
  /** A GitHub client made on first use, so steps that never call the API need no token. */
  github(): Octokit;
}

export function stepContext(log: StepLog, runner: RunnerContext, inputs: ActionInputs): StepContext {
  let octokit: Octokit | undefined;
  return {
    log,
    runner,
    inputs,
    github() {
      if (inputs.githubToken === undefined) throw new Error('the github-token input is empty');
      octokit ??= getOctokit(inputs.githubToken);
      return octokit;
    },
  };
}
