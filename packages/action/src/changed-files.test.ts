import { describe, expect, it } from 'vitest';
import { changedFiles, filesOfPush } from './changed-files.js';
import type { RunnerContext } from './runner-context.js';

describe('filesOfPush', () => {
  it('takes added and modified files of every commit, minus those a later commit removed', () => {
    const payload = {
      commits: [
        { added: ['src/new.ts', 'tmp/scratch.ts'], modified: ['src/a.ts'], removed: ['old.ts'] },
        { added: [], modified: ['README.md', 'src/a.ts'], removed: ['tmp/scratch.ts'] },
        { added: ['old.ts'], modified: [], removed: [] },
      ],
    };
    expect(filesOfPush(payload)).toEqual(['README.md', 'old.ts', 'src/a.ts', 'src/new.ts']);
  });

  it('is empty for a payload without commits', () => {
    expect(filesOfPush({})).toEqual([]);
    expect(filesOfPush({ commits: [{ added: 'not a list' }] })).toEqual([]);
  });
});

describe('changedFiles', () => {
  const context = (eventName: string, payload: Record<string, unknown> = {}): RunnerContext => ({
    repositoryRoot: '/repo',
    eventName,
    payload,
    repository: { owner: 'o', repo: 'r' },
    pullRequestNumber: undefined,
    conversation: undefined,
    serverUrl: 'https://github.com',
    runId: '1',
    runAttempt: '1',
    branch: 'main',
    baseBranch: undefined,
  });
  const noApi = () => {
    throw new Error('no API call expected');
  };

  it('makes push files absolute under the repository, without an API call', async () => {
    const result = await changedFiles(context('push', { commits: [{ added: ['src/x.ts'], modified: [], removed: [] }] }), noApi);
    expect(result).toEqual({ files: ['/repo/src/x.ts'], source: '1 file added or modified by the pushed commits' });
  });

  it('has no changed files on other events', async () => {
    expect((await changedFiles(context('schedule'), noApi)).files).toEqual([]);
  });
});
