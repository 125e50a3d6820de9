import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { pathInsideRoot, type FileRecord } from '@parallel-dispatcher/core';
import { previousContent } from '../diff/reverse-patch.js';
import { TraceDocumentProvider } from '../documents/trace-document-provider.js';
import type { DispatchState } from '../traces/dispatch-state.js';
import { isTraceItemRef } from '../tree/trace-item-ref.js';
import type { Services } from './services.js';

/** Clicking a row under a task: its input, output, error, model call or tool call as a document; a written file as a diff. */
export async function openTraceItem(services: Services, documents: TraceDocumentProvider, argument: unknown): Promise<void> {
  if (!isTraceItemRef(argument)) return;
  const { dispatchId, taskId, part } = argument;
  const index = argument.index ?? 0;
  if (part === 'input' || part === 'output' || part === 'error' || part === 'model-call' || part === 'tool-call') {
    const uri = TraceDocumentProvider.partUri(dispatchId, taskId, part === 'model-call' || part === 'tool-call' ? { kind: part, index } : { kind: part });
    await vscode.window.showTextDocument(uri, { preview: true });
    return;
  }
  const dispatch = services.store.get(dispatchId);
  const trace = await services.library.taskTrace(dispatchId, taskId);
  const record = trace.files?.[index];
  if (dispatch === undefined || record === undefined) return;
  const local = await localPath(dispatch, record.path);
  if (record.action !== 'written') {
    if (local !== undefined) await vscode.window.showTextDocument(vscode.Uri.file(local), { preview: true });
    else void vscode.window.showWarningMessage(`${record.path} is not on this machine.`);
    return;
  }
  await showWrittenFile(services, documents, dispatchId, taskId, index, record, local);
}

/**
 * The change a task made to a file, side by side: the previous content is rebuilt from the trace's
 * diff and the file as it is now, when the file still has the content the task wrote. Otherwise
 * the recorded diff itself.
 */
async function showWrittenFile(services: Services, documents: TraceDocumentProvider, dispatchId: string, taskId: string, index: number, record: FileRecord, local: string | undefined) {
  const current = local === undefined ? undefined : await fs.readFile(local, 'utf8').catch(() => undefined);
  const unchangedSince = current !== undefined && record.sha256 !== undefined && sha256(current) === record.sha256;
  const name = path.basename(record.path);
  if (unchangedSince && local !== undefined) {
    let previous: string | undefined = record.previous_sha256 === undefined ? '' : record.diff === undefined ? undefined : previousContent(current, record.diff);
    if (previous !== undefined && record.previous_sha256 !== undefined && sha256(previous) !== record.previous_sha256) previous = undefined;
    if (previous !== undefined) {
      const before = documents.withContent(`${dispatchId}/${taskId}/${index}`, name, previous);
      const label = record.previous_sha256 === undefined ? 'created' : 'before';
      await vscode.commands.executeCommand('vscode.diff', before, vscode.Uri.file(local), `${name} (${label} ↔ written by ${taskId})`, { preview: true });
      return;
    }
  }
  if (record.diff !== undefined || local === undefined) {
    services.log.info(`${record.path}: ${local === undefined ? 'not on this machine' : 'changed since the task wrote it'}; showing the recorded diff`);
    await vscode.window.showTextDocument(TraceDocumentProvider.partUri(dispatchId, taskId, { kind: 'file-diff', index }), { preview: true });
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(local), { preview: true });
}

/** Where a recorded path is here: as recorded, or (for traces from CI) under the local workspace folder. */
async function localPath(dispatch: DispatchState, recorded: string): Promise<string | undefined> {
  const exists = (file: string) => fs.stat(file).then(() => true, () => false);
  const absolute = path.resolve(dispatch.workspace, recorded);
  if (await exists(absolute)) return absolute;
  const relative = pathInsideRoot(absolute, dispatch.workspace);
  if (relative === undefined) return undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = path.join(folder.uri.fsPath, relative);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
