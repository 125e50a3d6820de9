import path from 'node:path';
import * as vscode from 'vscode';
import { formatIssue, planSummary, TaskCancelledError, type ValidationIssue } from '@parallel-dispatcher/core';
import { hostModel, showModelProblem } from '../models/host-model.js';
import { makePlan, planningFailure } from '../planning/make-plan.js';
import { readSettings } from '../settings/extension-settings.js';
import { explorerSelection } from './explorer-selection.js';
import type { Services } from './services.js';

/** Tests and scripts can skip the input box. */
export interface AskOptions {
  readonly request?: string;
}

/** What "Ask…" made; what the command returns (tests read it). */
export interface AskResult {
  readonly planPath: string;
  readonly valid: boolean;
  readonly issues: readonly ValidationIssue[];
}

/**
 * "Ask…": a request in plain words becomes a plan (a dispatch file under `.pdispatch/plans/`),
 * opened for review with its "Run This Plan" action. From the explorer, the selected files are
 * the planner's context. Nothing runs until the user runs the plan.
 */
export async function ask(services: Services, clicked?: unknown, selected?: unknown, options: AskOptions = {}): Promise<AskResult | undefined> {
  const contextFiles = (await explorerSelection(clicked, selected, false)).map((uri) => uri.fsPath);
  // The first selected file's folder; a file outside every folder is refused by the planner, by name.
  const folder = (contextFiles.length > 0 ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(contextFiles[0]!)) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    void vscode.window.showWarningMessage('Open a folder first: plans are made for a workspace folder and written under its .pdispatch/plans/.');
    return undefined;
  }
  const request =
    options.request ??
    (await vscode.window.showInputBox({
      title: `Ask Parallel Dispatcher${contextFiles.length === 0 ? '' : ` (with ${contextFiles.length} selected file${contextFiles.length === 1 ? '' : 's'} as context)`}`,
      prompt: 'Say what should be done. A plan of parallel tasks is written for you to review; nothing runs until you run it.',
      placeHolder: 'Generate three ONEX Effect nodes: user writer, product reader, order updater',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Say what should be done' : undefined),
    }));
  if (request === undefined || request.trim() === '') return undefined;
  const model = await hostModel(readSettings(folder), await services.launcher.apiKey(folder));
  if (!model.ok) {
    services.log.error(model.problem);
    showModelProblem(model);
    return undefined;
  }
  const prepare = await services.launcher.hostOptions(folder);
  services.log.info(`planning with ${model.label}: ${request}`);
  const controller = new AbortController();
  let failure: string | undefined;
  const made = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Parallel Dispatcher: planning', cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => controller.abort(new TaskCancelledError('planning stopped from the editor')));
      try {
        return await makePlan(services.plans, {
          request,
          folder,
          contextFiles,
          model: model.client,
          prepare,
          signal: controller.signal,
          onProgress: (message) => {
            services.log.info(`planning: ${message}`);
            progress.report({ message });
          },
        });
      } catch (error) {
        failure = planningFailure(error, controller.signal);
        return undefined;
      }
    },
  );
  if (made === undefined) {
    if (failure !== undefined) {
      services.log.error(`planning failed: ${failure}`);
      void vscode.window.showErrorMessage(`Planning failed: ${failure}`);
    }
    return undefined;
  }
  const name = path.basename(made.planPath);
  await vscode.window.showTextDocument(vscode.Uri.file(made.planPath), { preview: false });
  if (!made.valid) {
    for (const issue of made.issues) services.log.error(`${name}: ${formatIssue(issue)}`);
    const listed = made.issues.slice(0, 3).map(formatIssue).join('; ');
    const more = made.issues.length > 3 ? ` (and ${made.issues.length - 3} more, see the log)` : '';
    void vscode.window.showErrorMessage(`The plan is still invalid after the model's repairs: ${listed}${more}. It is open as ${name}: fix it and run it with "Run This Plan".`, 'Show Log').then((choice) => {
      if (choice === 'Show Log') services.log.show(true);
    });
    return { planPath: made.planPath, valid: false, issues: made.issues };
  }
  const summary = planSummary(made.prepared);
  const writes = summary.files_written.length === 0 ? '' : `, writes ${summary.files_written.length} file${summary.files_written.length === 1 ? '' : 's'}`;
  void vscode.window.showInformationMessage(`Plan ready: ${summary.tasks} task${summary.tasks === 1 ? '' : 's'}${writes}. Review ${name}, then run it.`, 'Run This Plan').then((choice) => {
    if (choice === 'Run This Plan') void vscode.commands.executeCommand('parallelDispatcher.runPlan', vscode.Uri.file(made.planPath));
  });
  return { planPath: made.planPath, valid: true, issues: [] };
}
