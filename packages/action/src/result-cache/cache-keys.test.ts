import { describe, expect, it } from 'vitest';
import type { RunnerContext } from '../runner-context.js';
import { resultCacheKeys } from './cache-keys.js';

const runner = (overrides: Partial<RunnerContext>): RunnerContext => ({
  repositoryRoot: '/repo',
  eventName: 'pull_request',
  payload: {},
  repository: { owner: 'o', repo: 'r' },
  pullRequestNumber: 7,
  conversation: undefined,
  serverUrl: 'https://github.com',
  runId: '1234',
  runAttempt: '2',
  branch: 'feature/x',
  baseBranch: 'main',
  ...overrides,
});

describe('resultCacheKeys', () => {
  it('saves per run and restores from the branch, then the base branch, then any branch', () => {
    expect(resultCacheKeys(runner({}), '.github/dispatch/review.yaml')).toEqual({
      key: 'pdispatch-results:.github/dispatch/review.yaml:feature/x:1234-2',
      restoreKeys: ['pdispatch-results:.github/dispatch/review.yaml:feature/x:', 'pdispatch-results:.github/dispatch/review.yaml:main:', 'pdispatch-results:.github/dispatch/review.yaml:'],
    });
  });

  it('has no base branch key on a push, and none twice when the base is the branch', () => {
    expect(resultCacheKeys(runner({ eventName: 'push', baseBranch: undefined, branch: 'main' }), 'a.yaml').restoreKeys).toEqual(['pdispatch-results:a.yaml:main:', 'pdispatch-results:a.yaml:']);
    expect(resultCacheKeys(runner({ branch: 'main', baseBranch: 'main' }), 'a.yaml').restoreKeys).toEqual(['pdispatch-results:a.yaml:main:', 'pdispatch-results:a.yaml:']);
  });

  it('keeps commas, colons and spaces out, so one subject never matches another by prefix', () => {
    const { key, restoreKeys } = resultCacheKeys(runner({}), 'a b,c:d.yaml');
    expect(key).toBe('pdispatch-results:a_b_c_d.yaml:feature/x:1234-2');
    expect([key, ...restoreKeys].every((value) => !value.includes(','))).toBe(true);
    expect(resultCacheKeys(runner({}), 'a-b.yaml').key.startsWith(resultCacheKeys(runner({}), 'a').restoreKeys.at(-1)!)).toBe(false);
  });

  it('stays within the toolkit key limit', () => {
    const { key, restoreKeys } = resultCacheKeys(runner({ branch: 'b'.repeat(400) }), 's'.repeat(600));
    expect([key, ...restoreKeys].every((value) => value.length <= 512)).toBe(true);
  });
});
