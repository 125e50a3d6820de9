import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import { builtInAgents, prepareDispatch, readDispatchIndex, readTaskTrace, type TaskSpec, type TaskTrace } from '@parallel-dispatcher/core';
import type { RunOutcome } from '../dispatch/dispatch-runner.js';
import { planRerun, RerunError } from '../rerun/plan-rerun.js';
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
    const index = await readDispatchIndex(dispatch.indexPath);
    const traces = new Map<string, TaskTrace>();
    await Promise.all(
      index.tasks.map(async (task) => {
        const trace = await readTaskTrace(dispatch.traceDir, task.trace_file).catch(() => undefined);
        if (trace !== undefined) traces.set(task.task_id, trace);
      }),
    );
    const workspace = await localWorkspace(index.workspace);
    if (workspace === undefined) return undefined;
    const originalTasks = await originalTaskSpecs(index.source?.path ?? null, index.source?.sha256);
    const plan = planRerun({ index, traces, ...(originalTasks === undefined ? {} : { originalTasks }) });
    services.log.info(`rerunning ${plan.taskIds.join(', ')} of ${index.dispatch_id} in ${workspace}${originalTasks === undefined ? ' (inputs from the traces)' : ''}`);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(workspace)) ?? vscode.workspace.workspaceFolders?.[0];
    return await services.launcher.launch({
      title: `rerun of ${dispatchTitle(dispatch)} (${plan.taskIds.length} task${plan.taskIds.length === 1 ? '' : 's'})`,
      value: plan.file,
      folder,
      cwd: workspace,
      workspace,
      inheritedOutputs: plan.inheritedOutputs,
    });
  } catch (error) {
    if (!(error instanceof RerunError)) throw error;
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

/** The original file's tasks, when it still exists unchanged: they carry timeouts, retries and models the traces do not. */
async function originalTaskSpecs(sourcePath: string | null, sha256: string | undefined): Promise<Map<string, TaskSpec> | undefined> {
  if (sourcePath === null || sha256 === undefined) return undefined;
  try {
    const text = await fs.readFile(sourcePath, 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== sha256) return undefined;
    const prepared = prepareDispatch({ text, sourcePath, cwd: path.dirname(sourcePath), agents: builtInAgents(), hostSuppliesModel: true, changedFiles: [] });
    return new Map([...prepared.tasks].map(([id, task]) => [id, task.spec]));
  } catch {
    return undefined;
  }
}
