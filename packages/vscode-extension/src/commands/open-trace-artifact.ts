import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { findTraceFolders } from '../traces/find-trace-folders.js';
import { extractZip } from '../zip/extract-zip.js';
import { ZipFormatError } from '../zip/zip-format-error.js';
import type { Services } from './services.js';

/**
 * "Open Trace Artifact…": a trace folder or the `.zip` GitHub Actions lets you download. Zips are
 * extracted into the extension's global storage (once per content). Returns the dispatch ids found.
 */
export async function openTraceArtifact(services: Services, argument?: unknown): Promise<string[]> {
  const uri = argument instanceof vscode.Uri ? argument : (await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Open Trace Artifact',
    title: 'A trace folder, or a trace artifact (.zip) downloaded from GitHub Actions',
  }))?.[0];
  if (uri === undefined) return [];
  const stat = await fs.stat(uri.fsPath).catch(() => undefined);
  if (stat === undefined) {
    void vscode.window.showErrorMessage(`${uri.fsPath} does not exist.`);
    return [];
  }
  let root = uri.fsPath;
  if (stat.isFile()) {
    if (!uri.fsPath.toLowerCase().endsWith('.zip')) {
      void vscode.window.showErrorMessage(`${path.basename(uri.fsPath)} is neither a folder nor a .zip file. To open one dispatch index, use "Open Trace File…".`);
      return [];
    }
    try {
      root = await extractArtifact(services, uri.fsPath);
    } catch (error) {
      const message = ZipFormatError.isInstance(error) ? error.message : `${path.basename(uri.fsPath)}: ${(error as Error).message}`;
      services.log.error(`cannot open the artifact: ${message}`);
      void vscode.window.showErrorMessage(`Cannot open the artifact: ${message}`);
      return [];
    }
  }
  const folders = await findTraceFolders(root);
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(`No dispatch traces (dispatch-<time>-<id>.json) in ${uri.fsPath}.`);
    return [];
  }
  const found = new Set<string>();
  for (const folder of folders) for (const id of await services.library.openFolder(folder)) found.add(id);
  const ids = [...found];
  services.log.info(`opened ${ids.length} dispatch${ids.length === 1 ? '' : 'es'} from ${uri.fsPath}`);
  await revealNewest(services, ids);
  return ids;
}

async function extractArtifact(services: Services, zipFile: string): Promise<string> {
  const hash = createHash('sha256').update(await fs.readFile(zipFile)).digest('hex').slice(0, 12);
  const name = path.basename(zipFile, path.extname(zipFile)).replace(/[^A-Za-z0-9._-]+/g, '-');
  const target = path.join(services.context.globalStorageUri.fsPath, 'artifacts', `${name}-${hash}`);
  if (await fs.stat(target).then(() => true, () => false)) return target;
  // Extract beside the target and rename, so a failed extraction never leaves a half-written folder.
  const partial = `${target}.partial-${process.pid}`;
  await fs.rm(partial, { recursive: true, force: true });
  try {
    const files = await extractZip(zipFile, partial);
    await fs.rename(partial, target);
    services.log.info(`extracted ${files.length} files of ${zipFile} into ${target}`);
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true });
    throw error;
  }
  return target;
}

async function revealNewest(services: Services, ids: readonly string[]): Promise<void> {
  const newest = services.store.list().find((dispatch) => ids.includes(dispatch.dispatchId));
  if (newest === undefined) return;
  await vscode.commands.executeCommand('parallelDispatcher.dispatches.focus');
  await services.treeView.reveal(services.tree.dispatchNode(newest.dispatchId), { select: true, focus: false, expand: true }).then(undefined, () => undefined);
}
