import * as vscode from 'vscode';
import { dispatchIdOf, pickDispatch, type Services } from './services.js';

/** "Stop Dispatch": aborts running tasks, marks the rest cancelled; traces are still completed. */
export async function stopDispatch(services: Services, argument?: unknown): Promise<boolean> {
  const running = new Set(services.runner.runningIds());
  const dispatchId = dispatchIdOf(argument) ?? (await pickDispatch(services, (dispatch) => running.has(dispatch.dispatchId), 'Dispatch to stop'))?.dispatchId;
  if (dispatchId === undefined) {
    if (running.size === 0) void vscode.window.showInformationMessage('No dispatch started in this window is running.');
    return false;
  }
  if (!services.runner.stop(dispatchId)) {
    void vscode.window.showWarningMessage(`${dispatchId} is not running in this window (a dispatch started elsewhere, e.g. by the CLI, stops there).`);
    return false;
  }
  return true;
}
