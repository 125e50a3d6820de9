import * as vscode from 'vscode';
import { createModelClient, resolveModel, type ModelClient } from '@parallel-dispatcher/core';
import type { ExtensionSettings } from '../settings/extension-settings.js';
import { languageModelClient, selectChatModel } from './language-model-send.js';

/** The model the editor plans and synthesises with, or why there is none. */
export type HostModel =
  | { readonly ok: true; readonly client: ModelClient; readonly label: string }
  | { readonly ok: false; readonly problem: string; readonly fix: 'settings' | 'api-key' };

export const NO_PLANNING_MODEL_MESSAGE =
  'Planning needs a model, and none is configured and the editor offers no chat model. ' +
  'Set "parallelDispatcher.model" and run "Parallel Dispatcher: Set API Key", or install and sign in to GitHub Copilot (or another extension that provides language models).';

/**
 * The chat view's selected model when there is one (it is what the user picked for this request),
 * else the configured provider with its key from secret storage, as dispatches use it, else the
 * editor's first chat model.
 */
export async function hostModel(settings: ExtensionSettings, apiKey: string | undefined, chat?: vscode.LanguageModelChat): Promise<HostModel> {
  if (chat !== undefined) return { ok: true, client: languageModelClient(chat), label: `${chat.name} (${chat.vendor}/${chat.id})` };
  if (settings.model !== undefined) {
    const resolution = resolveModel({ override: settings.model, overrideBaseUrl: settings.modelBaseUrl, overrideApiKey: apiKey, env: process.env });
    if (!resolution.ok) {
      const problem = `parallelDispatcher.model: ${resolution.problem}`;
      return { ok: false, problem, fix: /needs an API key/.test(resolution.problem) ? 'api-key' : 'settings' };
    }
    return { ok: true, client: createModelClient(resolution.model), label: settings.model };
  }
  const editorChat = await selectChatModel();
  if (editorChat === undefined) return { ok: false, problem: NO_PLANNING_MODEL_MESSAGE, fix: 'settings' };
  return { ok: true, client: languageModelClient(editorChat), label: `${editorChat.name} (${editorChat.vendor}/${editorChat.id})` };
}

/** The error message for a missing model, with the buttons that fix it. */
export function showModelProblem(problem: { readonly problem: string; readonly fix: 'settings' | 'api-key' }): void {
  const actions = problem.fix === 'api-key' ? ['Set API Key', 'Open Settings'] : ['Open Settings', 'Set API Key'];
  void vscode.window.showErrorMessage(problem.problem, ...actions).then((choice) => {
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'parallelDispatcher.model');
    if (choice === 'Set API Key') void vscode.commands.executeCommand('parallelDispatcher.setApiKey');
  });
}
