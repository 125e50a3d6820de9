import { describe, expect, it } from 'vitest';
import { resolveModel } from './resolve-model.js';

describe('resolveModel', () => {
  const env = { ANTHROPIC_API_KEY: 'sk-ant-test', OPENAI_API_KEY: 'sk-openai-test' };

  it('prefers the task, then the agent, then the host override, then config.model, then PDISPATCH_MODEL', () => {
    const choice = {
      task: { provider: 'anthropic' as const, model: 'task-model' },
      agent: { provider: 'anthropic' as const, model: 'agent-model' },
      override: 'openai:override-model',
      config: { provider: 'openai' as const, model: 'config-model' },
      env: { ...env, PDISPATCH_MODEL: 'anthropic:env-model' },
    };
    const pick = (partial: object) => {
      const result = resolveModel({ ...choice, ...partial });
      return result.ok ? result.model.model : result.problem;
    };
    expect(pick({})).toBe('task-model');
    expect(pick({ task: undefined })).toBe('agent-model');
    expect(pick({ task: undefined, agent: undefined })).toBe('override-model');
    expect(pick({ task: undefined, agent: undefined, override: undefined })).toBe('config-model');
    expect(pick({ task: undefined, agent: undefined, override: undefined, config: undefined })).toBe('env-model');
  });

  it('splits provider:model at the first colon only', () => {
    const result = resolveModel({ override: 'openai-compatible:qwen2.5:7b', overrideBaseUrl: 'http://localhost:11434/v1', env: {} });
    expect(result).toEqual({ ok: true, model: { provider: 'openai-compatible', model: 'qwen2.5:7b', baseUrl: 'http://localhost:11434/v1', apiKey: undefined, maxConcurrency: undefined } });
  });

  it('takes base URLs and keys from the providers\' usual variables, or the variable api_key_env names', () => {
    const anthropic = resolveModel({ config: { provider: 'anthropic', model: 'm' }, env: { ...env, ANTHROPIC_BASE_URL: 'http://127.0.0.1:1/v1' } });
    expect(anthropic).toMatchObject({ ok: true, model: { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-ant-test' } });
    const openai = resolveModel({ config: { provider: 'openai', model: 'gpt-x', api_key_env: 'MY_KEY' }, env: { MY_KEY: 'sk-mine' } });
    expect(openai).toMatchObject({ ok: true, model: { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-mine' } });
  });

  it('says how to configure a model when there is none, or when a key or base URL is missing', () => {
    expect(resolveModel({ env: {} })).toMatchObject({ ok: false, problem: expect.stringContaining('set config.model in the dispatch file') });
    expect(resolveModel({ override: 'anthropic:claude-sonnet-4-5', env: {} })).toEqual({
      ok: false,
      problem: 'model "anthropic:claude-sonnet-4-5" needs an API key in the environment variable ANTHROPIC_API_KEY',
    });
    expect(resolveModel({ override: 'openai-compatible:llama3.1', env: {} })).toMatchObject({ ok: false, problem: expect.stringContaining('needs a base URL') });
    expect(resolveModel({ override: 'llama3.1', env: {} })).toMatchObject({ ok: false, problem: expect.stringContaining('--model "llama3.1" is not provider:model') });
  });
});
