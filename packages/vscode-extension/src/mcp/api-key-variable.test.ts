import { MODEL_PROVIDERS, resolveModel } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { apiKeyVariable } from './api-key-variable.js';

describe('apiKeyVariable', () => {
  it('names, for every provider, the variable core reads its key from (what the MCP server process resolves the model with)', () => {
    for (const provider of MODEL_PROVIDERS) {
      const resolved = resolveModel({ override: `${provider}:some-model`, overrideBaseUrl: 'http://127.0.0.1:1/v1', env: { [apiKeyVariable(provider)]: 'key-from-the-environment' } });
      expect(resolved, provider).toMatchObject({ ok: true, model: { apiKey: 'key-from-the-environment' } });
    }
  });
});
