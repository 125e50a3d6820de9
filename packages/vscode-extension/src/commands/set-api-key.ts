import * as vscode from 'vscode';
import { MODEL_PROVIDERS } from '@parallel-dispatcher/core';
import { providerOf } from '../models/api-key-store.js';
import { readSettings } from '../settings/extension-settings.js';
import type { Services } from './services.js';

/** "Set API Key": the key of a model provider, kept in the editor's secret storage. Empty removes it. */
export async function setApiKey(services: Services): Promise<void> {
  const configured = providerOf(readSettings(vscode.workspace.workspaceFolders?.[0]).model ?? '');
  const items = MODEL_PROVIDERS.map((provider) => ({ label: provider, description: provider === configured ? 'used by parallelDispatcher.model' : undefined, provider }));
  items.sort((a, b) => Number(b.provider === configured) - Number(a.provider === configured));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Provider whose API key to set' });
  if (picked === undefined) return;
  const key = await vscode.window.showInputBox({
    title: `API key for ${picked.provider}`,
    prompt: 'Kept in the editor\'s secret storage, never in settings or traces. Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  await services.apiKeys.set(picked.provider, key.trim());
  services.log.info(key.trim() === '' ? `removed the API key for ${picked.provider}` : `stored an API key for ${picked.provider}`);
  void vscode.window.showInformationMessage(key.trim() === '' ? `Removed the API key for ${picked.provider}.` : `Stored the API key for ${picked.provider}.${configured === undefined ? ' Set "parallelDispatcher.model" (e.g. anthropic:claude-sonnet-4-5) to use it.' : ''}`);
}
