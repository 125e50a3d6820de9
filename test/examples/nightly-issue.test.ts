import fs from 'node:fs/promises';
import path from 'node:path';
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GitHubRestServer } from '../support/github-rest-server.js';
import { REPO } from '../support/run-cli.js';

const TOKEN = 'ghs_nightly-issue-token';
const OWNER = 'octo-org';
const REPO_NAME = 'nightly-repo';

/** The script of scheduled.yml's actions/github-script step, as it is in the workflow. */
async function reportScript(): Promise<string> {
  const workflow = parse(await fs.readFile(path.join(REPO, 'examples/workflows/scheduled.yml'), 'utf8')) as {
    jobs: { nightly: { steps: { uses?: string; with?: { script?: string } }[] } };
  };
  const step = workflow.jobs.nightly.steps.find((candidate) => candidate.uses?.startsWith('actions/github-script@'));
  return step!.with!.script!;
}

let server: GitHubRestServer;
beforeEach(async () => {
  server = await GitHubRestServer.start({ token: TOKEN, owner: OWNER, repo: REPO_NAME });
});
afterEach(() => server.close());

/**
 * One failing night: runs the step's script as actions/github-script does (an async function
 * body given an authenticated Octokit and the run's context), with the step's env.
 */
async function reportNight(runId: number, env: Record<string, string>): Promise<void> {
  const github = getOctokit(TOKEN, { baseUrl: server.url });
  const context = { repo: { owner: OWNER, repo: REPO_NAME }, serverUrl: 'https://github.com', runId };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
  await new AsyncFunction('github', 'context', 'process', await reportScript())(github, context, { env });
}

describe('the nightly workflow\'s failure report', () => {
  it('opens one labelled issue on the first failing night, then comments on it every night it stays open', async () => {
    await reportNight(101, { STATUS: 'failure', FAILED: '["test.math","syntax"]', ARTIFACT_URL: 'https://github.com/octo-org/nightly-repo/actions/runs/101/artifacts/7' });
    await reportNight(102, { STATUS: 'failure', FAILED: '[]', ARTIFACT_URL: '' });
    await reportNight(103, { STATUS: '', FAILED: '', ARTIFACT_URL: '' });

    expect(server.issues).toHaveLength(1);
    const [issue] = server.issues;
    expect(issue).toMatchObject({ number: 1, title: 'The nightly dispatch is failing', state: 'open', labels: ['nightly-dispatch'] });
    expect(issue!.body).toContain('Failed tasks: `test.math`, `syntax`.');
    expect(issue!.body).toContain('Run: https://github.com/octo-org/nightly-repo/actions/runs/101');
    expect(issue!.body).toContain('Traces: https://github.com/octo-org/nightly-repo/actions/runs/101/artifacts/7');
    const comments = server.commentsOn(1).map((comment) => comment.body);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toContain('status **failure**');
    expect(comments[0]).toContain('the dispatch file is invalid or a step failed before any task ran');
    expect(comments[0]).toContain('actions/runs/102');
    expect(comments[1]).toContain('status **unknown**');
  });

  it('opens a new issue once the last one is closed, with the label it already has', async () => {
    await reportNight(201, { STATUS: 'failure', FAILED: '["report"]', ARTIFACT_URL: '' });
    server.closeIssue(1);
    await reportNight(202, { STATUS: 'failure', FAILED: '["report"]', ARTIFACT_URL: '' });

    expect(server.issues.map((issue) => [issue.number, issue.state, issue.labels])).toEqual([
      [1, 'closed', ['nightly-dispatch']],
      [2, 'open', ['nightly-dispatch']],
    ]);
    expect(server.commentsOn(1)).toHaveLength(0);
    const labelWrites = server.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/labels'));
    expect(labelWrites.map((request) => request.status)).toEqual([201, 422]);
  });
});
