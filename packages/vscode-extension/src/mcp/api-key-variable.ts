import type { ModelProvider } from '@parallel-dispatcher/core';

/** Where a process (the CLI) reads each provider's key from when the model names no `api_key_env`. */
const KEY_VARIABLES: Readonly<Record<ModelProvider, string>> = {
  'openai-compatible': 'OPENAI_API_KEY',
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_GENERATIVE_AI_API_KEY',
};

export function apiKeyVariable(provider: ModelProvider): string {
  return KEY_VARIABLES[provider];
}
