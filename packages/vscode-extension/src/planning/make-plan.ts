import * as vscode from 'vscode';
import { planDispatch, PlanningError, writePlanFile, type ModelClient, type PlanPrepareOptions, type PreparedDispatch, type ValidationIssue } from '@parallel-dispatcher/core';
import { commandPolicy } from '../dispatch/command-policy.js';
import { readSettings } from '../settings/extension-settings.js';
import { PlanFileError } from './plan-file-error.js';
import { planFilePath } from './plan-file-name.js';
import type { PlanRecords } from './plan-records.js';

export interface MakePlanRequest {
  /** The user's words. */
  readonly request: string;
  readonly folder: vscode.WorkspaceFolder;
  /** Absolute paths of files the planner reads (the explorer selection, the chat's references). */
  readonly contextFiles: readonly string[];
  readonly model: ModelClient;
  /** What the editor prepares dispatches with (DispatchLauncher.hostOptions), so the plan is checked as it will run. */
  readonly prepare: PlanPrepareOptions;
  readonly signal: AbortSignal;
  readonly onProgress: (message: string) => void;
}

/** A plan written to its file: valid, or the last candidate with what is still wrong with it. */
export type MadePlan =
  | { readonly valid: true; readonly planPath: string; readonly prepared: PreparedDispatch }
  | { readonly valid: false; readonly planPath: string; readonly issues: readonly ValidationIssue[] };

/**
 * Plans with core's planner under the editor's limits (the task cap setting, Workspace Trust and
 * allowShell for commands, the workspace folder as the only root) and writes the plan, valid or
 * not, under `.pdispatch/plans/`: a real file can be reviewed, rerun, versioned, and run by the CLI.
 */
export async function makePlan(plans: PlanRecords, options: MakePlanRequest): Promise<MadePlan> {
  const settings = readSettings(options.folder);
  const workspace = options.folder.uri.fsPath;
  const policy = commandPolicy(settings.allowShell, vscode.workspace.isTrusted);
  const outcome = await planDispatch({
    request: options.request,
    model: options.model,
    cwd: workspace,
    workspace,
    contextFiles: options.contextFiles,
    inputNames: { contextFiles: 'the context file' },
    limits: {
      maxTasks: settings.maxPlannedTasks,
      allowCommands: policy.allowCommands,
      commandsRefusedHint: policy.commandsRefusedHint,
      maxTasksHint: 'raise it with the setting parallelDispatcher.maxPlannedTasks',
      ...(settings.maxWorkers === undefined ? {} : { maxWorkers: settings.maxWorkers }),
    },
    prepare: options.prepare,
    env: process.env,
    fileIsUntrusted: policy.fileIsUntrusted,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  const planPath = planFilePath(workspace, options.request, new Date(), outcome.ok);
  try {
    await writePlanFile(outcome.plan, planPath, workspace);
  } catch (error) {
    throw new PlanFileError(planPath, error);
  }
  if (!outcome.ok) return { valid: false, planPath, issues: outcome.issues };
  plans.remember(planPath, outcome.record);
  return { valid: true, planPath, prepared: outcome.prepared };
}

/**
 * What to tell the user when planning failed or its plan could not be written; undefined when it
 * was cancelled. The editor's chat models fail with plain errors (no permission, a reply that is no
 * JSON even after a repair), so anything else is the model's failure too.
 */
export function planningFailure(error: unknown, signal: AbortSignal): string | undefined {
  if (signal.aborted) return undefined;
  if (PlanningError.isInstance(error) || PlanFileError.isInstance(error)) return error.message;
  return `the planner's model failed: ${error instanceof Error ? error.message : String(error)}`;
}
