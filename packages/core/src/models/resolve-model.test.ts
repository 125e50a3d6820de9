import { describe, expect, it } from 'vitest';
import { MODEL_PROVIDERS } from './model-providers.js';
import { apiKeyVariable, resolveModel, type ModelChoice } from './resolve-model.js';

const keys = { ANTHROPIC_API_KEY: 'sk-ant-test', OPENAI_API_KEY: 'sk-openai-test' };

function resolved(choice: ModelChoice) {
  const result = resolveModel(choice);
  if (!result.ok) throw new Error(`expected a model, got: ${result.problem}`);
  return result.model;
}

function problem(choice: ModelChoice): string {
  const result = resolveModel(choice);
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.model)}`);
  return result.problem;
}

describe('resolveModel: which model', () => {
  it('prefers the task, then the agent, then --model, then config.model, then PDISPATCH_MODEL', () => {
    const all: ModelChoice = {
      task: { provider: 'anthropic', model: 'task-model' },
      agent: { provider: 'anthropic', model: 'agent-model' },
      override: 'openai:flag-model',
      config: { provider: 'openai', model: 'config-model' },
      env: { ...keys, PDISPATCH_MODEL: 'anthropic:env-model' },
    };
    expect(resolved(all).model).toBe('task-model');
    expect(resolved({ ...all, task: undefined }).model).toBe('agent-model');
    expect(resolved({ ...all, task: undefined, agent: undefined }).model).toBe('flag-model');
    expect(resolved({ ...all, task: undefined, agent: undefined, override: undefined }).model).toBe('config-model');
    expect(resolved({ env: all.env }).model).toBe('env-model');
  });

  it('splits provider:model at the first colon only', () => {
    expect(resolved({ override: 'openai-compatible:qwen2.5:7b', overrideBaseUrl: 'http://localhost:11434/v1', env: {} })).toEqual({
      provider: 'openai-compatible',
      model: 'qwen2.5:7b',
      baseUrl: 'http://localhost:11434/v1',
      apiKey: undefined,
      maxConcurrency: undefined,
    });
    expect(resolved({ env: { PDISPATCH_MODEL: 'anthropic:claude-sonnet-4-5', ...keys } })).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
  });

  it('says what is wrong with a malformed provider:model', () => {
    expect(problem({ override: 'llama3.1', env: {} })).toContain('--model "llama3.1" is not provider:model');
    expect(problem({ override: 'ollama:llama3.1', env: {} })).toContain('providers: openai-compatible, openai, anthropic');
    expect(problem({ env: { PDISPATCH_MODEL: 'gpt-4o' } })).toContain('PDISPATCH_MODEL "gpt-4o" is not provider:model');
  });

  it('reads PDISPATCH_MODEL only when it is the choice, so a stale value breaks nothing', () => {
    expect(resolved({ config: { provider: 'anthropic', model: 'config-model' }, env: { ...keys, PDISPATCH_MODEL: 'nonsense' } }).model).toBe('config-model');
  });

  it('keeps max_concurrency', () => {
    expect(resolved({ config: { provider: 'anthropic', model: 'm', max_concurrency: 2 }, env: keys }).maxConcurrency).toBe(2);
  });
});

describe('resolveModel: endpoint and key', () => {
  it('takes base URLs from the spec, else the provider variables, else the public API', () => {
    expect(resolved({ config: { provider: 'openai', model: 'gpt-x' }, env: keys }).baseUrl).toBe('https://api.openai.com/v1');
    expect(resolved({ config: { provider: 'anthropic', model: 'm' }, env: keys }).baseUrl).toBe('https://api.anthropic.com/v1');
    expect(resolved({ config: { provider: 'openai', model: 'gpt-x' }, env: { ...keys, OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' } }).baseUrl).toBe('http://127.0.0.1:1/v1');
    const spec = { provider: 'openai-compatible' as const, model: 'm', base_url: 'http://spec:1/v1' };
    expect(resolved({ config: spec, env: { OPENAI_BASE_URL: 'http://env:1/v1' } }).baseUrl).toBe('http://spec:1/v1');
  });

  it('accepts Anthropic base URLs with or without /v1, as Anthropic\'s own tools write them', () => {
    const anthropic = (url: string) => resolved({ config: { provider: 'anthropic', model: 'm' }, env: { ...keys, ANTHROPIC_BASE_URL: url } }).baseUrl;
    expect(anthropic('https://proxy.example:4000')).toBe('https://proxy.example:4000/v1');
    expect(anthropic('http://127.0.0.1:9/v1/')).toBe('http://127.0.0.1:9/v1');
  });

  it('applies --base-url to the host\'s, the file\'s or PDISPATCH_MODEL\'s model, never to a task\'s own', () => {
    const flag = 'http://flag:1/v1';
    expect(resolved({ override: 'openai-compatible:m', overrideBaseUrl: flag, env: {} }).baseUrl).toBe(flag);
    expect(resolved({ config: { provider: 'openai-compatible', model: 'm', base_url: 'http://file:1/v1' }, overrideBaseUrl: flag, env: {} }).baseUrl).toBe(flag);
    expect(resolved({ overrideBaseUrl: flag, env: { PDISPATCH_MODEL: 'openai-compatible:llama3.1' } }).baseUrl).toBe(flag);
    expect(resolved({ task: { provider: 'openai-compatible', model: 'm', base_url: 'http://task:1/v1' }, overrideBaseUrl: flag, env: {} }).baseUrl).toBe('http://task:1/v1');
  });

  it('needs a base URL for openai-compatible, and an http(s) one', () => {
    expect(problem({ override: 'openai-compatible:llama3.1', env: {} })).toContain('needs a base URL: set base_url in the model, pass --base-url, or set OPENAI_BASE_URL');
    expect(problem({ override: 'openai-compatible:llama3.1', overrideBaseUrl: 'localhost:11434', env: {} })).toBe(
      'the base URL for model "openai-compatible:llama3.1" (from --base-url) is not an http(s) URL: "localhost:11434"',
    );
  });

  it('lets openai-compatible servers go without a key, and not OpenAI or Anthropic', () => {
    expect(resolved({ override: 'openai-compatible:llama3.1', env: { OPENAI_BASE_URL: 'http://localhost:11434/v1' } }).apiKey).toBeUndefined();
    expect(problem({ override: 'anthropic:claude-sonnet-4-5', env: {} })).toBe(
      'model "anthropic:claude-sonnet-4-5" needs an API key: set ANTHROPIC_API_KEY, or name the variable that holds it with api_key_env in the model spec',
    );
    expect(problem({ config: { provider: 'openai', model: 'gpt-x', api_key_env: 'TEAM_KEY' }, env: keys })).toBe(
      'model "openai:gpt-x" needs an API key: set TEAM_KEY (the variable its api_key_env names)',
    );
  });

  it('takes the key from the host, else api_key_env, else the provider variable, and says where from', () => {
    expect(resolved({ config: { provider: 'openai', model: 'gpt-x', api_key_env: 'MY_KEY' }, env: { ...keys, MY_KEY: 'sk-mine' } })).toMatchObject({ apiKey: 'sk-mine', apiKeySource: 'MY_KEY' });
    expect(resolved({ config: { provider: 'anthropic', model: 'm' }, env: keys })).toMatchObject({ apiKey: 'sk-ant-test', apiKeySource: 'ANTHROPIC_API_KEY' });
    expect(resolved({ config: { provider: 'anthropic', model: 'm' }, overrideApiKey: 'sk-host', env: keys })).toMatchObject({ apiKey: 'sk-host', apiKeySource: 'the host' });
    // The host's key never follows a model of the file to an endpoint, key variable or provider of its own.
    const elsewhere = { provider: 'openai-compatible' as const, model: 'm', base_url: 'https://other.example/v1' };
    expect(resolved({ task: elsewhere, overrideApiKey: 'sk-host', env: {} })).toMatchObject({ apiKey: undefined });
    expect(resolved({ task: { provider: 'openai', model: 'x', api_key_env: 'MY_KEY' }, overrideApiKey: 'sk-host', env: { MY_KEY: 'sk-mine' } })).toMatchObject({ apiKey: 'sk-mine' });
    expect(resolved({ task: { provider: 'openai', model: 'x' }, override: 'anthropic:claude', overrideApiKey: 'sk-host', env: keys })).toMatchObject({ apiKey: keys.OPENAI_API_KEY });
  });
});

describe('resolveModel: no model at all', () => {
  it('says every way to configure one, and where the key goes', () => {
    const text = problem({ env: {} });
    expect(text).toMatch(/^needs a model and none is configured: set config\.model in the dispatch file/);
    for (const way of ['config.model', '--model provider:model', 'PDISPATCH_MODEL=provider:model', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'api_key_env']) expect(text).toContain(way);
  });
});

describe('resolveModel: google', () => {
  it('reads GOOGLE_GENERATIVE_AI_API_KEY and defaults to the Generative Language API', () => {
    expect(resolved({ override: 'google:gemini-2.5-flash', env: { ...keys, GOOGLE_GENERATIVE_AI_API_KEY: 'AIza-test' } })).toMatchObject({
      provider: 'google',
      model: 'gemini-2.5-flash',
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
      apiKey: 'AIza-test',
      apiKeySource: 'GOOGLE_GENERATIVE_AI_API_KEY',
    });
  });

  it('takes GOOGLE_GENERATIVE_AI_BASE_URL, and --base-url over it', () => {
    const env = { GOOGLE_GENERATIVE_AI_API_KEY: 'AIza-test', GOOGLE_GENERATIVE_AI_BASE_URL: 'http://proxy:8080/v1beta' };
    expect(resolved({ override: 'google:gemini-2.5-flash', env }).baseUrl).toBe('http://proxy:8080/v1beta');
    expect(resolved({ override: 'google:gemini-2.5-flash', overrideBaseUrl: 'http://127.0.0.1:9/v1beta', env }).baseUrl).toBe('http://127.0.0.1:9/v1beta');
  });

  it('names the key variable when it is missing, and lists google among the providers', () => {
    expect(problem({ override: 'google:gemini-2.5-flash', env: keys })).toBe(
      'model "google:gemini-2.5-flash" needs an API key: set GOOGLE_GENERATIVE_AI_API_KEY, or name the variable that holds it with api_key_env in the model spec',
    );
    expect(problem({ override: 'gemini:2.5', env: {} })).toContain('providers: openai-compatible, openai, anthropic, google');
  });
});

describe('apiKeyVariable', () => {
  it('names, for every provider, the variable its key is read from (what a host sets for a CLI it starts)', () => {
    for (const provider of MODEL_PROVIDERS) {
      const resolved = resolveModel({ override: `${provider}:some-model`, overrideBaseUrl: 'http://127.0.0.1:1/v1', env: { [apiKeyVariable(provider)]: 'key-from-the-environment' } });
      expect(resolved, provider).toMatchObject({ ok: true, model: { apiKey: 'key-from-the-environment' } });
    }
  });
});
