import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { indexFileOfTaskTrace, isDispatchIndexFile, planRecordFile, synthesisRecordFile } from '@parallel-dispatcher/core';
import type { DispatchTreeNode } from '../tree/dispatch-tree-provider.js';
import type { Services } from './services.js';

/**
 * "Open Trace File…": from a row, opens its JSON (the dispatch index, the task trace, plan.json or
 * synthesis.json); from the palette, adds a chosen index file (or a task trace's dispatch) to the view and shows it.
 */
export async function openTraceFile(services: Services, argument?: unknown): Promise<string | undefined> {
  const node = argument as DispatchTreeNode | undefined;
  if (node !== undefined && typeof node === 'object' && 'kind' in node && node.kind !== 'message') {
    const dispatch = services.store.get(node.dispatchId);
    if (dispatch === undefined) return undefined;
    const task = node.kind === 'task' || node.kind === 'detail' ? dispatch.tasks.find((candidate) => candidate.taskId === node.taskId) : undefined;
    const file =
      node.kind === 'answer' || node.kind === 'plan'
        ? path.join(dispatch.traceDir, node.kind === 'plan' ? planRecordFile(dispatch.dispatchId) : synthesisRecordFile(dispatch.dispatchId))
        : task === undefined || task.traceFile === null
          ? dispatch.indexPath
          : path.resolve(dispatch.traceDir, task.traceFile);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
    return dispatch.dispatchId;
  }
  const uri = argument instanceof vscode.Uri ? argument : (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open Trace', filters: { 'Trace files': ['json'] } }))?.[0];
  if (uri === undefined) return undefined;
  const indexFile = isDispatchIndexFile(uri.fsPath) ? uri.fsPath : indexFileOfTaskTrace(uri.fsPath);
  if (!isDispatchIndexFile(indexFile) || !(await fs.stat(indexFile).then(() => true, () => false))) {
    void vscode.window.showErrorMessage(`${path.basename(uri.fsPath)} is not a dispatch index (dispatch-<time>-<id>.json) nor a task trace beside one.`);
    return undefined;
  }
  // The folder is what is remembered and watched; the chosen dispatch is read even past the per-folder limit.
  await services.library.openFolder(path.dirname(indexFile));
  const dispatchId = await services.library.loadIndex(indexFile, 'opened');
  if (dispatchId === undefined) {
    void vscode.window.showErrorMessage(`${path.basename(indexFile)} cannot be read as a dispatch index; see the log.`);
    return undefined;
  }
  await vscode.commands.executeCommand('parallelDispatcher.dispatches.focus');
  const taskId = indexFile === uri.fsPath ? undefined : path.basename(uri.fsPath, '.json');
  const target = taskId === undefined ? services.tree.dispatchNode(dispatchId) : services.tree.taskNode(dispatchId, taskId);
  await services.treeView.reveal(target, { select: true, focus: true, expand: true }).then(undefined, () => undefined);
  if (taskId !== undefined) await vscode.window.showTextDocument(uri, { preview: true });
  return dispatchId;
}
