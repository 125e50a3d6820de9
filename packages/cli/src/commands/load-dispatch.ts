import { builtInAgents, prepareDispatch, readDispatch, topologicalOrder, type DispatchFile, type OverrideNames, type PrepareOptions, type PreparedDispatch } from '@parallel-dispatcher/core';
import { changedFilesSince } from '../changed-files.js';
import { readDispatchSource } from '../read-dispatch-source.js';
import type { LoadOptions } from './dispatch-options.js';

/** The flags behind each override, so messages name what the user typed. */
const OVERRIDE_NAMES: OverrideNames = { maxWorkers: '--max-workers', timeoutSeconds: '--timeout', traceDir: '--trace-dir', workspace: '--workspace', allowPaths: '--allow-path' };

/** Reads and validates a dispatch the way `run` and `validate` both need it. Throws DispatchValidationError. */
export async function loadDispatch(file: string, options: LoadOptions): Promise<PreparedDispatch> {
  const source = await readDispatchSource(file, process.stdin);
  const cwd = process.cwd();
  // Core says where the workspace is (flag, workspace_path or the file's folder) before git is asked about it.
  const document = readDispatch({ bytes: source.bytes, sourcePath: source.path, cwd, workspace: options.workspace, workspaceName: OVERRIDE_NAMES.workspace });
  const changedFiles = options.changedSince === undefined || !document.needsChangedFiles ? undefined : await changedFilesSince(options.changedSince, document.workspace);
  return prepareDispatch({ document, sourcePath: source.path, ...hostChoices(options), ...(changedFiles === undefined ? {} : { changedFiles }) });
}

/** Validates a plan that was never written to a file (`ask` without `-o`) with the command line's options, in its workspace. */
export function preparePlan(plan: DispatchFile, workspace: string, options: LoadOptions & { readonly allowShell?: boolean }): PreparedDispatch {
  return prepareDispatch({
    value: plan,
    ...hostChoices({ ...options, workspace }),
    allowCommands: options.allowShell === true,
    commandsRefusedHint: 'pass --allow-shell',
  });
}

/** What the command line decides of every dispatch it prepares: overrides, the model, the environment. */
function hostChoices(options: LoadOptions): Pick<PrepareOptions, 'cwd' | 'agents' | 'overrides' | 'overrideNames' | 'model' | 'env' | 'dryRun'> {
  return {
    cwd: process.cwd(),
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
  };
}

/** The tasks that can start at once, in the order they would. */
export function readyAtStart(prepared: PreparedDispatch): string[] {
  return topologicalOrder(prepared.graph).filter((id) => prepared.graph.dependencies.get(id)!.length === 0);
}
