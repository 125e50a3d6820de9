import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { describeEvent, formatIssue, TaskCancelledError, type DispatchEvent } from '@parallel-dispatcher/core';
import { runPlan } from '../commands/run-plan.js';
import type { Services } from '../commands/services.js';
import { describeOutcome } from '../dispatch/dispatch-runner.js';
import { synthesisMarkdown } from '../documents/answer-markdown.js';
import { DISPATCH_FILE } from '../documents/dispatch-file-name.js';
import { languageModelClient } from '../models/language-model-send.js';
import { makePlan, planningFailure } from '../planning/make-plan.js';
import { planMarkdown } from './plan-markdown.js';

export const CHAT_PARTICIPANT_ID = 'parallelDispatcher.dispatch';

/** What the handler writes to: the chat view's response stream, or a recording one in tests. */
export type ChatStream = Pick<vscode.ChatResponseStream, 'markdown' | 'progress' | 'button' | 'anchor'>;
export type DispatchChatRequest = Pick<vscode.ChatRequest, 'prompt' | 'command' | 'model' | 'references'>;

/** What a reply leaves for follow-ups and tests. */
export interface DispatchChatResult extends vscode.ChatResult {
  readonly metadata?: { readonly planPath?: string; readonly dispatchId?: string };
}

/**
 * `@dispatch <request>` plans with the chat's selected model and replies with the plan as a
 * table and a Run button; the button sends `@dispatch /run <plan file>`, whose reply shows the
 * run's progress and then the answer, with a button to the dispatch in the tree. The run is a
 * request of its own so that its progress and answer stream into a reply.
 */
export async function handleDispatchChat(request: DispatchChatRequest, stream: ChatStream, token: vscode.CancellationToken, services: Services): Promise<DispatchChatResult> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    stream.markdown('Open a folder first: plans are written under its `.pdispatch/plans/`, and tasks work in it.');
    return {};
  }
  return request.command === 'run' ? runInChat(request, stream, token, services, folder) : planInChat(request, stream, token, services, folder);
}

async function planInChat(request: DispatchChatRequest, stream: ChatStream, token: vscode.CancellationToken, services: Services, folder: vscode.WorkspaceFolder): Promise<DispatchChatResult> {
  const words = request.prompt.trim();
  if (words === '') {
    stream.markdown('Say what should be done, e.g. `@dispatch Generate three ONEX Effect nodes: user writer, product reader, order updater`. I plan parallel tasks for you to review; nothing runs until you press Run.');
    return {};
  }
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort(new TaskCancelledError('planning stopped from the chat')));
  stream.progress(`Planning with ${request.model.name}…`);
  try {
    const made = await makePlan(services.plans, {
      request: words,
      folder,
      contextFiles: referencedFiles(request.references),
      model: languageModelClient(request.model),
      prepare: await services.launcher.hostOptions(folder),
      signal: controller.signal,
      onProgress: (message) => stream.progress(message),
    });
    const uri = vscode.Uri.file(made.planPath);
    const relative = path.relative(folder.uri.fsPath, made.planPath).split(path.sep).join('/');
    if (!made.valid) {
      stream.markdown(`The plan is still invalid after the model's repairs:\n\n${made.issues.map((issue) => `- ${formatIssue(issue)}`).join('\n')}\n\nIt is written to `);
      stream.anchor(uri, relative);
      stream.markdown(': fix it, then run it with `@dispatch /run` or "Run This Plan".\n');
      stream.button({ command: 'vscode.open', arguments: [uri], title: 'Open the plan' });
      return { errorDetails: { message: `the plan is invalid (${made.issues.length} problem${made.issues.length === 1 ? '' : 's'})` }, metadata: { planPath: made.planPath } };
    }
    stream.markdown(planMarkdown(made.prepared));
    stream.markdown('\nPlan file: ');
    stream.anchor(uri, relative);
    stream.markdown('. Review or edit it, then run it.\n');
    stream.button({ command: 'workbench.action.chat.open', arguments: [{ query: runQuery(relative) }], title: 'Run this plan' });
    stream.button({ command: 'vscode.open', arguments: [uri], title: 'Open the plan' });
    return { metadata: { planPath: made.planPath } };
  } catch (error) {
    const failure = planningFailure(error, controller.signal);
    if (failure === undefined) return {};
    stream.markdown(`Planning failed: ${failure}`);
    return { errorDetails: { message: failure } };
  } finally {
    cancel.dispose();
  }
}

async function runInChat(request: DispatchChatRequest, stream: ChatStream, token: vscode.CancellationToken, services: Services, folder: vscode.WorkspaceFolder): Promise<DispatchChatResult> {
  const named = request.prompt.trim().replace(/^[`'"]|[`'"]$/g, '');
  const file = named === '' ? '' : path.resolve(folder.uri.fsPath, named);
  if (!DISPATCH_FILE.test(file) || !(await fs.stat(file).then((stat) => stat.isFile(), () => false))) {
    stream.markdown(named === '' ? 'Name the plan to run: `@dispatch /run .pdispatch/plans/<plan>.dispatch.yaml`.' : `There is no dispatch file at \`${named}\` (relative to ${folder.name}).`);
    return { errorDetails: { message: 'no plan file to run' } };
  }
  let dispatchId: string | undefined;
  const cancel = token.onCancellationRequested(() => {
    if (dispatchId !== undefined) services.runner.stop(dispatchId);
  });
  const onEvent = (event: DispatchEvent) => {
    if (event.type === 'dispatch-started') dispatchId = event.dispatch_id;
    const line = event.type === 'task-progress' ? undefined : describeEvent(event);
    if (line !== undefined) stream.progress(line);
  };
  stream.progress(`Running ${path.basename(file)}…`);
  try {
    const outcome = await runPlan(services, vscode.Uri.file(file), { chatModel: request.model, onEvent, quiet: true });
    if (outcome === undefined) {
      stream.markdown(`${path.basename(file)} did not run: the notification says why.`);
      return { errorDetails: { message: 'the plan did not run' } };
    }
    const dispatch = services.store.get(outcome.dispatchId);
    if (dispatch?.synthesis !== null && dispatch?.synthesis !== undefined) stream.markdown(`${synthesisMarkdown(dispatch.synthesis)}\n\n`);
    stream.markdown(`*${describeOutcome(path.basename(file), services.store, outcome)}*\n`);
    stream.button({ command: 'parallelDispatcher.revealDispatch', arguments: [outcome.dispatchId], title: 'Show in Dispatches' });
    stream.button({ command: 'parallelDispatcher.showAnswer', arguments: [outcome.dispatchId], title: 'Open the answer' });
    return { metadata: { planPath: file, dispatchId: outcome.dispatchId } };
  } finally {
    cancel.dispose();
  }
}

/** The chat request the Run button sends. */
export function runQuery(planFile: string): string {
  return `@dispatch /run ${planFile}`;
}

/** Files attached to the request (`#file`, drag and drop) are the planner's context. */
function referencedFiles(references: DispatchChatRequest['references']): string[] {
  const files: string[] = [];
  for (const reference of references) {
    const value = reference.value;
    const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
    if (uri?.scheme === 'file') files.push(uri.fsPath);
  }
  return files;
}
