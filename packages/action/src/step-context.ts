import path from 'node:path';
import { getOctokit } from '@actions/github';
import { repositoryPath } from './annotations.js';
import type { Octokit } from './changed-files.js';
import type { ActionInputs } from './inputs.js';
import type { RunnerContext } from './runner-context.js';
import type { StepLog } from './step-log.js';

/** What loading, running and publishing share: the step's log, the runner, the inputs and the dispatch file. */
export interface StepContext {
  readonly log: StepLog;
  readonly runner: RunnerContext;
  readonly inputs: ActionInputs;
  /** The dispatch file's absolute path. */
  readonly dispatchPath: string;
  /** The dispatch file relative to the repository root (as given when it lies outside). */
  readonly dispatchFile: string;
  /** A GitHub client made on first use, so steps that never call the API need no token. */
  github(): Octokit;
}

export function stepContext(log: StepLog, runner: RunnerContext, inputs: ActionInputs): StepContext {
  const dispatchPath = path.resolve(runner.repositoryRoot, inputs.tasks);
  let octokit: Octokit | undefined;
  return {
    log,
    runner,
    inputs,
    dispatchPath,
    dispatchFile: repositoryPath(dispatchPath, runner.repositoryRoot, runner.repositoryRoot) ?? dispatchPath,
    github() {
      if (inputs.githubToken === undefined) throw new Error('the github-token input is empty');
      octokit ??= getOctokit(inputs.githubToken);
      return octokit;
    },
  };
}
