import type * as vscode from 'vscode';
import { parseModelName, type ModelProvider } from '@parallel-dispatcher/core';

/** API keys of model providers, in the editor's secret storage (never in settings or traces). */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(provider: string): Thenable<string | undefined> {
    return this.secrets.get(this.key(provider));
  }

  async set(provider: ModelProvider, value: string): Promise<void> {
    if (value === '') await this.secrets.delete(this.key(provider));
    else await this.secrets.store(this.key(provider), value);
  }

  private key(provider: string): string {
    return `parallelDispatcher.apiKey.${provider}`;
  }
}

/** The provider part of `provider:model`, when it names one core knows. */
export function providerOf(model: string): ModelProvider | undefined {
  const parsed = parseModelName(model, 'parallelDispatcher.model');
  return 'problem' in parsed ? undefined : parsed.provider;
}
