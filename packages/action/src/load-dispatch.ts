import fs from 'node:fs/promises';
import path from 'node:path';
import { builtInAgents, DispatchValidationError, prepareDispatch, readDispatch, type DispatchDocument, type PreparedDispatch, type ReadDispatchOptions, type ValidationIssue } from '@parallel-dispatcher/core';
import { repositoryPath } from './annotations.js';
import { changedFiles } from './changed-files.js';
import { childEnvironment } from './child-environment.js';
import type { RunnerContext } from './runner-context.js';
import type { StepContext } from './step-context.js';

const SHELL_HINT = 'set the action input allow-shell: true to allow them (read the action README first: on pull requests the dispatch file can come from the pull request)';
/** The same for a plan: there the commands would come from whoever wrote the request. */
export const PLAN_SHELL_HINT = 'set the action input allow-shell: true to allow them (read the action README first: the request is untrusted text)';

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

export function locateDispatchFile(runner: RunnerContext, tasks: string): DispatchFileLocation {
  const absolute = path.resolve(runner.repositoryRoot, tasks);
  return { path: absolute, file: repositoryPath(absolute, runner.repositoryRoot, runner.repositoryRoot) ?? absolute };
}

/** Reads the `tasks` file and prepares it (see `prepare`). */
export async function loadDispatchFile(context: StepContext, location: DispatchFileLocation): Promise<LoadedDispatch> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(location.path);
  } catch (error) {
    return {
      kind: 'unusable',
      message: `tasks: cannot read the dispatch file ${location.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to the repository root ${context.runner.repositoryRoot}`,
    };
  }
  return prepare(context, { bytes, sourcePath: location.file, cwd: context.runner.repositoryRoot }, SHELL_HINT);
}

/**
 * Prepares a plan the model made from `request` exactly like a dispatch file
 * from `tasks`, with the same inputs (trace-dir, max-workers, …) and the same
 * distrust; the planner has checked it already, but without those inputs.
 */
export function loadPlan(context: StepContext, plan: unknown): Promise<LoadedDispatch> {
  return prepare(context, { value: plan, cwd: context.runner.repositoryRoot, workspace: context.runner.repositoryRoot }, PLAN_SHELL_HINT, 'the plan');
}

/** Lists the changed files when core says `for_each` needs them, and prepares the dispatch. */
async function prepare(context: StepContext, read: ReadDispatchOptions, shellHint: string, name?: string): Promise<LoadedDispatch> {
  const { log, inputs, runner } = context;
  const env = childEnvironment(process.env);
  const invalid = (error: DispatchValidationError): LoadedDispatch => ({
    kind: 'invalid',
    issues: error.issues,
    message: name === undefined ? error.message : new DispatchValidationError(error.issues, name).message,
  });
  let document: DispatchDocument;
  try {
    document = readDispatch(read);
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    return invalid(error);
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
      sourcePath: read.sourcePath,
      cwd: runner.repositoryRoot,
      agents: builtInAgents(),
      overrides: {
        maxWorkers: inputs.maxWorkers,
        timeoutSeconds: inputs.timeoutSeconds,
        traceDir: inputs.traceDir,
      },
      overrideNames: OVERRIDE_NAMES,
      model: { model: inputs.model, baseUrl: inputs.modelBaseUrl, apiKey: inputs.modelApiKey },
      env,
      allowCommands: inputs.allowShell,
      // With allow-shell the workflow's author vouches for the dispatch file; without it the file may come from the pull request (or a plan from a comment).
      fileIsUntrusted: !inputs.allowShell,
      commandsRefusedHint: shellHint,
      ...(changed === undefined ? {} : { changedFiles: changed }),
    });
    return { kind: 'ready', prepared, env };
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    return invalid(error);
  }
}
