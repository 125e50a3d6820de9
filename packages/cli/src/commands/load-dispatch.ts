import { builtInAgents, prepareDispatch, readDispatch, topologicalOrder, type OverrideNames, type PreparedDispatch } from '@parallel-dispatcher/core';
import { changedFilesSince } from '../changed-files.js';
import { readDispatchSource } from '../read-dispatch-source.js';
import type { LoadOptions } from './dispatch-options.js';
import { mcpServersOption } from './mcp-config.js';

/** The flags behind each override, so messages name what the user typed. */
export const OVERRIDE_NAMES: OverrideNames = { maxWorkers: '--max-workers', timeoutSeconds: '--timeout', traceDir: '--trace-dir', workspace: '--workspace', allowPaths: '--allow-path' };

/** Reads and validates a dispatch the way `run` and `validate` both need it. Throws DispatchValidationError. */
export async function loadDispatch(file: string, options: LoadOptions): Promise<PreparedDispatch> {
  const source = await readDispatchSource(file, process.stdin);
  const cwd = process.cwd();
  // Core says where the workspace is (flag, workspace_path or the file's folder) before git is asked about it.
  const document = readDispatch({ bytes: source.bytes, sourcePath: source.path, cwd, workspace: options.workspace, workspaceName: OVERRIDE_NAMES.workspace });
  const changedFiles = options.changedSince === undefined || !document.needsChangedFiles ? undefined : await changedFilesSince(options.changedSince, document.workspace);
  const servers = await mcpServersOption(options.mcpConfig, document.workspace);
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
    ...servers,
    ...(changedFiles === undefined ? {} : { changedFiles }),
  });
}

/** The tasks that can start at once, in the order they would. */
export function readyAtStart(prepared: PreparedDispatch): string[] {
  return topologicalOrder(prepared.graph).filter((id) => prepared.graph.dependencies.get(id)!.length === 0);
}
