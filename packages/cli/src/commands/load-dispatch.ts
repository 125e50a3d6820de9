import { builtInAgents, prepareDispatch, readDispatch, type OverrideNames, type PreparedDispatch } from '@parallel-dispatcher/core';
import type { Command } from 'commander';
import { changedFilesSince } from '../changed-files.js';
import { readDispatchSource } from '../read-dispatch-source.js';
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

/** The flags behind each override, so messages name what the user typed. */
const OVERRIDE_NAMES: OverrideNames = { maxWorkers: '--max-workers', timeoutSeconds: '--timeout', traceDir: '--trace-dir', workspace: '--workspace', allowPaths: '--allow-path' };

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

/** Reads and validates a dispatch the way `run` and `validate` both need it. Throws DispatchValidationError. */
export async function loadDispatch(file: string, options: LoadOptions): Promise<PreparedDispatch> {
  const source = await readDispatchSource(file, process.stdin);
  const cwd = process.cwd();
  // Core says where the workspace is (flag, workspace_path or the file's folder) before git is asked about it.
  const document = readDispatch({ bytes: source.bytes, sourcePath: source.path, cwd, workspace: options.workspace, workspaceName: OVERRIDE_NAMES.workspace });
  const changedFiles = options.changedSince === undefined || !document.needsChangedFiles ? undefined : await changedFilesSince(options.changedSince, document.workspace);
  return prepareDispatch({
    document,
    sourcePath: source.path,
    cwd,
    agents: builtInAgents(),
    overrides: {
      maxWorkers: options.maxWorkers,
      timeoutSeconds: options.timeout,
      traceDir: options.traceDir,
      workspace: options.workspace,
      allowPaths: options.allowPath,
    },
    overrideNames: OVERRIDE_NAMES,
    model: { model: options.model, baseUrl: options.baseUrl },
    env: process.env,
    dryRun: options.dryRun ?? false,
    ...(changedFiles === undefined ? {} : { changedFiles }),
  });
}
