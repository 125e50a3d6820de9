import { builtInAgents, prepareDispatch } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { scopeHostKey } from './scope-host-key.js';

const file = {
  tasks: [
    { task_id: 'plain', agent: 'debug', input_data: { problem_description: 'x' } },
    { task_id: 'own', agent: 'debug', input_data: { problem_description: 'x' }, model: { provider: 'anthropic', model: 'm', base_url: 'https://elsewhere.example/v1' } },
    { task_id: 'by-agent', agent: 'reviewer', input_data: {} },
  ],
  config: { agents: { reviewer: { kind: 'prompt', instructions: 'review', model: { provider: 'openai', model: 'gpt-x', api_key_env: 'REVIEWER_KEY' } } } },
};

function prepare(env: Record<string, string>) {
  return prepareDispatch({
    text: JSON.stringify(file),
    cwd: '/tmp',
    agents: builtInAgents(),
    model: { model: 'anthropic:claude-sonnet-4-5', apiKey: 'sk-from-secret-storage' },
    env,
  });
}

describe('scopeHostKey', () => {
  it('keeps the stored key for tasks on the settings model only', () => {
    const scoped = scopeHostKey(prepare({ REVIEWER_KEY: 'sk-reviewer' }), { REVIEWER_KEY: 'sk-reviewer' });
    expect(scoped.tasks.get('plain')!.model).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'sk-from-secret-storage' });
    expect(scoped.tasks.get('own')!.model).toMatchObject({ model: 'm', baseUrl: 'https://elsewhere.example/v1' });
    expect(scoped.tasks.get('own')!.model!.apiKey).toBeUndefined();
    expect(scoped.tasks.get('by-agent')!.model).toMatchObject({ model: 'gpt-x', apiKey: 'sk-reviewer', apiKeySource: 'REVIEWER_KEY' });
  });

  it('leaves a dispatch without its own models as it was', () => {
    const prepared = prepareDispatch({ text: JSON.stringify({ tasks: [file.tasks[0]] }), cwd: '/tmp', agents: builtInAgents(), model: { model: 'anthropic:claude-sonnet-4-5', apiKey: 'k' }, env: {} });
    expect(scopeHostKey(prepared, {})).toBe(prepared);
  });
});
