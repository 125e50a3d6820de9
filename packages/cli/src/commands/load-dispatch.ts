import { builtInAgents, prepareDispatch, type DispatchOverrides, type PreparedDispatch } from '@parallel-dispatcher/core';
import { readDispatchSource } from '../read-dispatch-source.js';

export interface LoadOptions {
  readonly maxWorkers?: number;
  readonly timeout?: number;
  readonly traceDir?: string;
  readonly workspace?: string;
  readonly allowPath?: string[];
}

/** Reads and validates a dispatch the way `run` and `validate` both need it. Throws DispatchValidationError. */
export async function loadDispatch(file: string, options: LoadOptions): Promise<PreparedDispatch> {
  const source = await readDispatchSource(file, process.stdin);
  const overrides: DispatchOverrides = {
    maxWorkers: options.maxWorkers,
    timeoutSeconds: options.timeout,
    traceDir: options.traceDir,
    workspace: options.workspace,
    allowPaths: options.allowPath,
  };
  return prepareDispatch({ text: source.text, sourcePath: source.path, cwd: process.cwd(), agents: builtInAgents(), overrides });
}
