import type { Command } from 'commander';
import { collect, positiveInteger, positiveNumber } from './run-options.js';

export interface LoadOptions {
  readonly maxWorkers?: number;
  readonly timeout?: number;
  readonly traceDir?: string;
  readonly workspace?: string;
  readonly allowPath?: string[];
  readonly changedSince?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  /** Nothing will run, so model-backed tasks need no model. */
  readonly dryRun?: boolean;
}

/** The options `run` and `validate` share: everything that decides whether a dispatch is valid. */
export function addDispatchOptions(command: Command): Command {
  return command
    .option('--max-workers <n>', 'most tasks running at once (overrides config.max_workers)', positiveInteger)
    .option('--timeout <seconds>', 'per-task timeout (overrides config.timeout_seconds)', positiveNumber)
    .option('--trace-dir <dir>', 'where traces go, relative to the current directory (overrides config.trace_dir)')
    .option('--workspace <dir>', "workspace root, relative to the current directory (overrides workspace_path; default: the file's directory)")
    .option('--allow-path <dir>', 'a directory agents may use besides the workspace, relative to the current directory (repeatable)', collect)
    .option('--changed-since <ref>', 'files changed since this git ref are the "changed" files of for_each')
    .option('--model <provider:model>', 'model for model-backed tasks (overrides config.model and PDISPATCH_MODEL)')
    .option('--base-url <url>', 'API base URL for the model from --model, config.model or PDISPATCH_MODEL');
}
