import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchRequest } from '../dispatch/dispatch-launcher.js';
import type { RunOutcome } from '../dispatch/dispatch-runner.js';
import { DISPATCH_FILE } from '../documents/dispatch-file-name.js';
import { readSettings } from '../settings/extension-settings.js';
import type { Services } from './services.js';

/**
 * "Run Dispatch File…": the file given (explorer or editor menu, tests), else the active editor's
 * dispatch file, else one picked from the workspace's dispatch files.
 */
export async function runDispatchFile(services: Services, argument?: unknown): Promise<RunOutcome | undefined> {
  const uri = argument instanceof vscode.Uri ? argument : await chooseDispatchFile();
  if (uri === undefined) return undefined;
  return launchDispatchFile(services, uri, {});
}

/** Runs a dispatch file as the user sees it: unsaved edits are saved first, so the file that ran is the file that stays. */
export async function launchDispatchFile(services: Services, uri: vscode.Uri, extra: Partial<Omit<LaunchRequest, 'bytes' | 'text' | 'value'>>): Promise<RunOutcome | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  let bytes: Uint8Array;
  try {
    // Core decodes, refusing invalid UTF-8 as the CLI does.
    bytes = await fs.readFile(uri.fsPath);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot read ${uri.fsPath}: ${(error as Error).message}`);
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return services.launcher.launch({
    title: path.basename(uri.fsPath),
    bytes,
    sourcePath: uri.fsPath,
    folder,
    cwd: folder?.uri.fsPath ?? path.dirname(uri.fsPath),
    ...extra,
  });
}

async function chooseDispatchFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && DISPATCH_FILE.test(active.fsPath)) return active;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const glob = readSettings(folder).dispatchFileGlob;
  const files = (await vscode.workspace.findFiles(glob, '{**/node_modules/**,**/.git/**}', 500)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const browse = { label: '$(folder-opened) Browse…', description: 'a dispatch file anywhere', uri: undefined };
  const picked = await vscode.window.showQuickPick(
    [
      ...files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), uri })),
      browse,
    ],
    { placeHolder: files.length === 0 ? `No files match ${glob} (setting parallelDispatcher.dispatchFileGlob)` : 'Dispatch file to run', matchOnDescription: true },
  );
  if (picked === undefined) return undefined;
  if (picked.uri !== undefined) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Run',
    filters: { 'Dispatch files': ['json', 'yaml', 'yml'] },
    ...(folder === undefined ? {} : { defaultUri: folder.uri }),
  });
  return chosen?.[0];
}
