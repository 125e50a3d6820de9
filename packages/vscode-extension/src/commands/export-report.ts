import { htmlReport, readDispatchRecord, writeFileAtomic } from '@parallel-dispatcher/core';
import path from 'node:path';
import * as vscode from 'vscode';
import { dispatchIdOf, pickDispatch, type Services } from './services.js';

export interface ExportReportOptions {
  /** Write here without asking (tests, keybindings with arguments). */
  readonly output?: string;
}

/**
 * "Export Report…": the dispatch as the self-contained HTML report `pdispatch export --format html`
 * writes, saved where the user picks and shown in a webview. Returns the file written.
 */
export async function exportReport(services: Services, argument?: unknown, options: ExportReportOptions = {}): Promise<string | undefined> {
  const dispatchId = dispatchIdOf(argument) ?? (await pickDispatch(services, (dispatch) => dispatch.status !== 'running', 'Dispatch to export as an HTML report'))?.dispatchId;
  const dispatch = dispatchId === undefined ? undefined : services.store.get(dispatchId);
  if (dispatch === undefined) {
    void vscode.window.showInformationMessage('No finished dispatch to export yet: run a dispatch file or open a trace.');
    return undefined;
  }
  if (dispatch.status === 'running') {
    void vscode.window.showInformationMessage(`${dispatch.dispatchId} is still running; export its report when it has ended.`);
    return undefined;
  }
  const output = options.output ?? (await askWhere(dispatch.workspace, dispatch.dispatchId));
  if (output === undefined) return undefined;
  let html: string;
  try {
    html = htmlReport(await readDispatchRecord(dispatch.indexPath));
    await writeFileAtomic(output, html);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not export ${dispatch.dispatchId}: ${(error as Error).message}`);
    return undefined;
  }
  services.log.info(`exported ${dispatch.dispatchId} to ${output}`);
  const panel = vscode.window.createWebviewPanel('parallelDispatcher.report', `Report: ${dispatch.dispatchId}`, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
  panel.webview.html = html;
  void vscode.window.showInformationMessage(`Report written to ${output}`, 'Open in Browser').then((choice) => {
    if (choice === 'Open in Browser') void vscode.env.openExternal(vscode.Uri.file(output));
  });
  return output;
}

async function askWhere(workspace: string, dispatchId: string): Promise<string | undefined> {
  const picked = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(workspace, `${dispatchId}.report.html`)),
    filters: { 'HTML report': ['html'] },
    title: 'Export the dispatch as an HTML report',
  });
  return picked?.fsPath;
}
