import { describe, expect, it } from 'vitest';
import { childEnvironment } from './child-environment.js';

describe('childEnvironment', () => {
  it("keeps the runner's variables but not the inputs, runtime, OIDC or GitHub tokens", () => {
    const env = childEnvironment({
      PATH: '/usr/bin',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKSPACE: '/work',
      'INPUT_MODEL-API-KEY': 'sk-1',
      'INPUT_GITHUB-TOKEN': 'ghs_1',
      INPUT_TASKS: 'd.json',
      ACTIONS_RUNTIME_TOKEN: 'jwt',
      ACTIONS_RUNTIME_URL: 'https://runtime',
      ACTIONS_RESULTS_URL: 'https://results',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
      GITHUB_TOKEN: 'ghs_2',
      OPENAI_API_KEY: 'set-by-the-workflow',
      UNSET: undefined,
    });
    expect(env).toEqual({ PATH: '/usr/bin', GITHUB_REPOSITORY: 'o/r', GITHUB_WORKSPACE: '/work', OPENAI_API_KEY: 'set-by-the-workflow' });
  });
});
