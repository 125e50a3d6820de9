import fs from 'node:fs/promises';
import path from 'node:path';
import { builtInAgents, DispatchValidationError, prepareDispatch, readDispatch, type DispatchDocument, type PreparedDispatch, type PrepareOptions, type ValidationIssue } from '@parallel-dispatcher/core';
import { repositoryPath } from './annotations.js';
import { changedFiles } from './changed-files.js';
import { childEnvironment } from './child-environment.js';
import { MCP_SERVERS_REFUSED_HINT } from './mcp-config.js';
import type { RunnerContext } from './runner-context.js';
import type { StepContext } from './step-context.js';

const SHELL_HINT = 'set the action input allow-shell: true to allow them (read the action README first: on pull requests the dispatch file can come from the pull request)';

/** A dispatch ready to run, one that cannot even be read, or one that is invalid (with every problem). */
export type LoadedDispatch =
  | { readonly kind: 'ready'; readonly prepared: PreparedDispatch; readonly env: Record<string, string> }
  | { readonly kind: 'unusable'; readonly message: string }
  | { readonly kind: 'invalid'; readonly issues: readonly ValidationIssue[]; readonly message: string };

/** The `tasks` input's file. */
export interface DispatchFileLocation {
  readonly path: string;
  /** Relative to the repository root (as given when it lies outside). */
  readonly file: string;
}

/** The inputs behind each override, so messages name what the workflow set. */
const OVERRIDE_NAMES = { maxWorkers: 'input max-workers', timeoutSeconds: 'input timeout-seconds', traceDir: 'input trace-dir' };

/**
 * What the action prepares any dispatch with besides the file: the inputs
 * that override it, the model, and the workflow's MCP servers (its author's,
 * so trusted, unlike a dispatch file's own servers).
 */
export function hostPrepareOptions(context: StepContext): Pick<PrepareOptions, 'overrides' | 'overrideNames' | 'model' | 'mcpServers'> {
  const { inputs } = context;
  return {
    overrides: { maxWorkers: inputs.maxWorkers, timeoutSeconds: inputs.timeoutSeconds, traceDir: inputs.traceDir },
    overrideNames: OVERRIDE_NAMES,
    model: { model: inputs.model, baseUrl: inputs.modelBaseUrl, apiKey: inputs.modelApiKey },
    mcpServers: context.mcpServers,
  };
}

export function locateDispatchFile(runner: RunnerContext, tasks: string): DispatchFileLocation {
  const absolute = path.resolve(runner.repositoryRoot, tasks);
  return { path: absolute, file: repositoryPath(absolute, runner.repositoryRoot, runner.repositoryRoot) ?? absolute };
}

/** Reads the `tasks` file, lists the changed files when core says `for_each` needs them, and prepares the dispatch. */
export async function loadDispatchFile(context: StepContext, location: DispatchFileLocation): Promise<LoadedDispatch> {
  const { log, inputs, runner } = context;
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(location.path);
  } catch (error) {
    return {
      kind: 'unusable',
      message: `tasks: cannot read the dispatch file ${location.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to the repository root ${runner.repositoryRoot}`,
    };
  }
  const env = childEnvironment(process.env);
  let document: DispatchDocument;
  try {
    document = readDispatch({ bytes, sourcePath: location.file, cwd: runner.repositoryRoot });
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    return { kind: 'invalid', issues: error.issues, message: error.message };
  }
  let changed: string[] | undefined;
  if (document.needsChangedFiles) {
    try {
      const result = await changedFiles(runner, () => context.github());
      changed = result.files;
      log.info(`for_each changed files: ${result.source}`);
    } catch (error) {
      return { kind: 'unusable', message: `cannot list the changed files for for_each: ${(error as Error).message}` };
    }
  }
  try {
    const prepared = prepareDispatch({
      document,
      sourcePath: location.file,
      cwd: runner.repositoryRoot,
      agents: builtInAgents(),
      ...hostPrepareOptions(context),
      mcpServersRefusedHint: MCP_SERVERS_REFUSED_HINT,
      env,
      allowCommands: inputs.allowShell,
      // With allow-shell the workflow's author vouches for the dispatch file; without it the file may come from the pull request.
      fileIsUntrusted: !inputs.allowShell,
      commandsRefusedHint: SHELL_HINT,
      ...(changed === undefined ? {} : { changedFiles: changed }),
    });
    return { kind: 'ready', prepared, env };
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    return { kind: 'invalid', issues: error.issues, message: error.message };
  }
}
