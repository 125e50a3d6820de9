import { getOctokit } from '@actions/github';
import type { McpServerSpec } from '@parallel-dispatcher/core';
import type { Octokit } from './changed-files.js';
import type { ActionInputs } from './inputs.js';
import type { RunnerContext } from './runner-context.js';
import type { StepLog } from './step-log.js';

/** What loading, planning, running and publishing share: the step's log, the runner, the inputs and the servers they define. */
export interface StepContext {
  readonly log: StepLog;
  readonly runner: RunnerContext;
  readonly inputs: ActionInputs;
  /** The MCP servers of the `mcp-config` input, by name; empty without it. */
  readonly mcpServers: Readonly<Record<string, McpServerSpec>>;
  /** A GitHub client made on first use, so steps that never call the API need no token. */
  github(): Octokit;
}

export function stepContext(log: StepLog, runner: RunnerContext, inputs: ActionInputs, mcpServers: Readonly<Record<string, McpServerSpec>>): StepContext {
  let octokit: Octokit | undefined;
  return {
    log,
    runner,
    inputs,
    mcpServers,
    github() {
      if (inputs.githubToken === undefined) throw new Error('the github-token input is empty');
      octokit ??= getOctokit(inputs.githubToken);
      return octokit;
    },
  };
}
