import * as vscode from 'vscode';
import { dispatchIdOf, pickDispatch, type Services } from './services.js';

/** "Show Timeline": the dispatch as a gantt chart in a webview. Returns the dispatch id shown. */
export async function showTimeline(services: Services, argument?: unknown): Promise<string | undefined> {
  const dispatchId = dispatchIdOf(argument) ?? (await pickDispatch(services, () => true, 'Dispatch whose timeline to show'))?.dispatchId;
  if (dispatchId === undefined) {
    void vscode.window.showInformationMessage('No dispatch to show yet: run a dispatch file or open a trace.');
    return undefined;
  }
  return services.timelines.show(dispatchId) === undefined ? undefined : dispatchId;
}
