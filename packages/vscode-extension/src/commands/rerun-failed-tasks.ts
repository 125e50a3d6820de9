import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { planRerun, readRerunSource, RerunError } from '@parallel-dispatcher/core';
import type { RunOutcome } from '../dispatch/dispatch-runner.js';
import { dispatchTitle, rerunnableTasks } from '../tree/dispatch-items.js';
import { dispatchIdOf, pickDispatch, type Services } from './services.js';

/**
 * "Rerun Failed Tasks": a new dispatch of the tasks that failed, were skipped or were cancelled,
 * with the outputs of the tasks they needed that succeeded handed over from the old trace.
 */
export async function rerunFailedTasks(services: Services, argument?: unknown): Promise<RunOutcome | undefined> {
  const dispatchId = dispatchIdOf(argument) ?? (await pickDispatch(services, (dispatch) => rerunnableTasks(dispatch).length > 0, 'Dispatch whose failed tasks to rerun'))?.dispatchId;
  const dispatch = dispatchId === undefined ? undefined : services.store.get(dispatchId);
  if (dispatch === undefined) {
    if (dispatchId === undefined) void vscode.window.showInformationMessage('No finished dispatch has failed, skipped or cancelled tasks.');
    return undefined;
  }
  try {
    const source = await readRerunSource(dispatch.indexPath);
    const { index } = source;
    const workspace = await localWorkspace(index.workspace);
    if (workspace === undefined) return undefined;
    const plan = planRerun(source);
    services.log.info(`rerunning ${plan.taskIds.join(', ')} of ${index.dispatch_id} in ${workspace}${source.originalTasks === undefined ? ' (inputs from the traces)' : ''}`);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(workspace)) ?? vscode.workspace.workspaceFolders?.[0];
    return await services.launcher.launch({
      title: `rerun of ${dispatchTitle(dispatch)} (${plan.taskIds.length} task${plan.taskIds.length === 1 ? '' : 's'})`,
      value: plan.file,
      folder,
      cwd: workspace,
      workspace,
      rerun: plan,
    });
  } catch (error) {
    if (!RerunError.isInstance(error)) throw error;
    void vscode.window.showWarningMessage(`Cannot rerun: ${error.message}.`);
    return undefined;
  }
}

/** The recorded workspace when it exists here; for a trace from elsewhere (CI), a workspace folder. */
async function localWorkspace(recorded: string): Promise<string | undefined> {
  if (recorded !== '' && existsSync(recorded)) return recorded;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri.fsPath;
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(`The dispatch ran in ${recorded}, which is not on this machine; open its repository as a folder to rerun it here.`);
    return undefined;
  }
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: `The dispatch ran in ${recorded}; rerun it in which folder?` });
  return picked?.uri.fsPath;
}
