import * as vscode from 'vscode';
import { TraceDocumentProvider } from '../documents/trace-document-provider.js';
import { dispatchIdOf, pickDispatch, type Services } from './services.js';

/** "Show Answer": a dispatch's synthesised answer as a Markdown preview (the source when no preview is available). */
export async function showAnswer(services: Services, argument?: unknown): Promise<vscode.Uri | undefined> {
  const dispatchId = dispatchIdOf(argument) ?? (await pickDispatch(services, (dispatch) => dispatch.synthesis !== null, 'Dispatch whose answer to show'))?.dispatchId;
  if (dispatchId === undefined) {
    if (argument === undefined) void vscode.window.showInformationMessage('No dispatch has an answer yet: "Ask…" plans one, and "Run This Plan" runs it and answers.');
    return undefined;
  }
  const uri = TraceDocumentProvider.answerUri(dispatchId);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch (error) {
    services.log.warn(`no Markdown preview (${(error as Error).message}); showing the answer's source`);
    await vscode.window.showTextDocument(uri, { preview: true });
  }
  return uri;
}
