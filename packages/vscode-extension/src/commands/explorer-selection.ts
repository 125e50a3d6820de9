import * as vscode from 'vscode';

/**
 * The files a command invoked from the explorer works on: the explorer passes the clicked file
 * and the selection (`uri, uris[]`). Folders in the selection stand for nothing here. From the
 * palette (nothing clicked), the active editor's file when `activeEditor` says so.
 */
export async function explorerSelection(clicked: unknown, selected: unknown, activeEditor: boolean): Promise<vscode.Uri[]> {
  const list = Array.isArray(selected) && selected.length > 0 ? selected : clicked instanceof vscode.Uri ? [clicked] : [];
  let uris = list.filter((item): item is vscode.Uri => item instanceof vscode.Uri && item.scheme === 'file');
  if (uris.length === 0 && clicked === undefined && activeEditor) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') uris = [active];
  }
  const files: vscode.Uri[] = [];
  for (const uri of uris) {
    const stat = await vscode.workspace.fs.stat(uri).then(undefined, () => undefined);
    if (stat !== undefined && (stat.type & vscode.FileType.File) !== 0) files.push(uri);
  }
  return files;
}
