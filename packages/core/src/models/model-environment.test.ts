import { describe, expect, it } from 'vitest';
import { MODEL_ENVIRONMENT } from './model-environment.js';
import { resolveModel, type ModelChoice } from './resolve-model.js';

/** An environment that records every variable read from it. */
function recordingEnvironment(values: Record<string, string>, read: Set<string>): Readonly<Record<string, string | undefined>> {
  return new Proxy(values, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
}

describe('MODEL_ENVIRONMENT', () => {
  it('lists every variable resolveModel reads', () => {
    const read = new Set<string>();
    const choices: Omit<ModelChoice, 'env'>[] = [
      {},
      { override: 'openai:gpt-4.1' },
      { override: 'anthropic:claude-sonnet-4-5' },
      { override: 'google:gemini-2.5-flash' },
      { override: 'openai-compatible:llama3.1', overrideBaseUrl: 'http://127.0.0.1:1/v1' },
      { config: { provider: 'anthropic', model: 'claude' } },
      { task: { provider: 'openai-compatible', model: 'x' } },
    ];
    const environments: Record<string, string>[] = [{}, { PDISPATCH_MODEL: 'openai:gpt-4.1' }, { PDISPATCH_MODEL: 'anthropic:claude', ANTHROPIC_API_KEY: 'sk-ant-123456' }];
    for (const values of environments) {
      for (const choice of choices) resolveModel({ ...choice, env: recordingEnvironment({ ...values }, read) });
    }
    const listed = MODEL_ENVIRONMENT.map((variable) => variable.name);
    expect([...read].sort()).toEqual([...listed].sort());
  });
});
