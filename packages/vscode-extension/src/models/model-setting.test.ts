import fs from 'node:fs';
import { MODEL_PROVIDERS } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { providerOf } from './api-key-store.js';

const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('the model setting', () => {
  it("accepts exactly core's providers (the manifest cannot import them, so this keeps it in step)", () => {
    const pattern = new RegExp(manifest.contributes.configuration.properties['parallelDispatcher.model'].pattern);
    for (const provider of MODEL_PROVIDERS) expect(pattern.test(`${provider}:some-model`), provider).toBe(true);
    expect(pattern.test('mistral:large')).toBe(false);
  });

  it('names the provider whose key to use', () => {
    expect(providerOf('openai-compatible:qwen2.5:7b')).toBe('openai-compatible');
    expect(providerOf('anthropic:claude-sonnet-4-5')).toBe('anthropic');
    expect(providerOf('mistral:large')).toBeUndefined();
    expect(providerOf('gpt-4.1')).toBeUndefined();
  });
});
