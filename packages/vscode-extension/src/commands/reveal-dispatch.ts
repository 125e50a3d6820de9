import * as vscode from 'vscode';
import { dispatchIdOf, type Services } from './services.js';

/** Shows a dispatch's row in the Dispatches view, expanded (the chat's "Show in Dispatches" link). */
export async function revealDispatch(services: Services, argument: unknown): Promise<boolean> {
  const dispatchId = dispatchIdOf(argument);
  if (dispatchId === undefined || services.store.get(dispatchId) === undefined) {
    void vscode.window.showWarningMessage(`Dispatch ${dispatchId ?? ''} is not in the Dispatches view (its traces may have been removed).`);
    return false;
  }
  await vscode.commands.executeCommand('parallelDispatcher.dispatches.focus');
  await services.treeView.reveal(services.tree.dispatchNode(dispatchId), { select: true, focus: true, expand: true }).then(undefined, () => undefined);
  return true;
}
