import path from 'node:path';
import type { PreparedDispatch } from '@parallel-dispatcher/core';
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
}

/** The options `run` and `validate` share: everything that decides whether a dispatch is valid. */
export function addDispatchOptions(command: Command): Command {
  return command
    .option('--max-workers <n>', 'most tasks running at once (overrides config.max_workers)', positiveInteger)
    .option('--timeout <seconds>', 'per-task timeout (overrides config.timeout_seconds)', positiveNumber)
    .option('--trace-dir <dir>', 'where traces go (overrides config.trace_dir)')
    .option('--workspace <dir>', "workspace root (overrides workspace_path; default: the file's directory)")
    .option('--allow-path <dir>', 'a directory agents may use besides the workspace (repeatable)', collect)
    .option('--changed-since <ref>', 'files changed since this git ref are the "changed" files of for_each')
    .option('--model <provider:model>', 'model for model-backed tasks (overrides config.model and PDISPATCH_MODEL)')
    .option('--base-url <url>', 'API base URL for the model from --model, config.model or PDISPATCH_MODEL');
}

/** Reads and validates a dispatch the way `run` and `validate` both need it. Throws DispatchValidationError. */
export async function loadDispatch(file: string, options: LoadOptions): Promise<PreparedDispatch> {
  const { builtInAgents, prepareDispatch } = await import('@parallel-dispatcher/core');
  const source = await readDispatchSource(file, process.stdin);
  const directory = options.workspace ?? (source.path === undefined ? process.cwd() : path.dirname(path.resolve(source.path)));
  const changedFiles = options.changedSince === undefined ? undefined : await changedFilesSince(options.changedSince, directory);
  return prepareDispatch({
    text: source.text,
    sourcePath: source.path,
    cwd: process.cwd(),
    agents: builtInAgents(),
    overrides: {
      maxWorkers: options.maxWorkers,
      timeoutSeconds: options.timeout,
      traceDir: options.traceDir,
      workspace: options.workspace,
      allowPaths: options.allowPath,
    },
    model: { model: options.model, baseUrl: options.baseUrl },
    env: process.env,
    ...(changedFiles === undefined ? {} : { changedFiles }),
  });
}
