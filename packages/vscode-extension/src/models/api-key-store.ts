import type * as vscode from 'vscode';

export const PROVIDERS = ['anthropic', 'openai', 'openai-compatible'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** API keys of model providers, in the editor's secret storage (never in settings or traces). */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(provider: string): Thenable<string | undefined> {
    return this.secrets.get(this.key(provider));
  }

  async set(provider: Provider, value: string): Promise<void> {
    if (value === '') await this.secrets.delete(this.key(provider));
    else await this.secrets.store(this.key(provider), value);
  }

  private key(provider: string): string {
    return `parallelDispatcher.apiKey.${provider}`;
  }
}

/** The provider part of `provider:model`. */
export function providerOf(model: string): string | undefined {
  const provider = model.split(':')[0];
  return provider === undefined || provider === '' || !model.includes(':') ? undefined : provider;
}
