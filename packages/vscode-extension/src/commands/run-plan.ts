import * as vscode from 'vscode';
import type { DispatchEvent } from '@parallel-dispatcher/core';
import type { RunOutcome } from '../dispatch/dispatch-runner.js';
import { DISPATCH_FILE } from '../documents/dispatch-file-name.js';
import { launchDispatchFile } from './run-dispatch-file.js';
import type { Services } from './services.js';

/** The chat view runs plans with its model and shows the run's progress itself. */
export interface RunPlanOptions {
  readonly chatModel?: vscode.LanguageModelChat;
  readonly onEvent?: (event: DispatchEvent) => void;
  /** Leave the answer to the caller instead of opening its preview. */
  readonly quiet?: boolean;
}

/**
 * "Run This Plan": runs a dispatch file as the user sees it and ends with one synthesised answer
 * to its `user_prompt`, shown as a Markdown preview. A plan made in this window brings its planner
 * record, which becomes the dispatch's plan.json.
 */
export async function runPlan(services: Services, argument?: unknown, options: RunPlanOptions = {}): Promise<RunOutcome | undefined> {
  const uri = argument instanceof vscode.Uri ? argument : vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined || uri.scheme !== 'file' || !DISPATCH_FILE.test(uri.fsPath)) {
    void vscode.window.showWarningMessage('Open a plan (a .dispatch.yaml or .dispatch.json file) to run it; "Parallel Dispatcher: Ask…" makes one.');
    return undefined;
  }
  const planning = services.plans.recordOf(uri.fsPath);
  const outcome = await launchDispatchFile(services, uri, {
    synthesize: true,
    ...(planning === undefined ? {} : { planning }),
    ...(options.chatModel === undefined ? {} : { chatModel: options.chatModel }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  if (outcome?.synthesis !== undefined && options.quiet !== true) await vscode.commands.executeCommand('parallelDispatcher.showAnswer', outcome.dispatchId);
  return outcome;
}
