import fs from 'node:fs';
import path from 'node:path';

/** What the runner tells a step about where and why it runs. */
export interface RunnerContext {
  /** The repository checkout (GITHUB_WORKSPACE); dispatch and trace paths are relative to it. */
  readonly repositoryRoot: string;
  readonly eventName: string;
  /** The webhook payload of the event (GITHUB_EVENT_PATH); empty when there is none. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** `owner/name` of the repository the workflow runs in. */
  readonly repository: { readonly owner: string; readonly repo: string } | undefined;
  /** Set on pull_request and pull_request_target events. */
  readonly pullRequestNumber: number | undefined;
  /**
   * Where the step's comment goes: the pull request of a pull-request event, or
   * the issue or pull request an `issue_comment` event's comment was made on.
   */
  readonly conversation: { readonly number: number; readonly kind: 'issue' | 'pull request'; readonly commentId: number | undefined } | undefined;
  readonly serverUrl: string;
  readonly runId: string | undefined;
  /** GITHUB_RUN_ATTEMPT: 1, then 2 for the first re-run of the same run … */
  readonly runAttempt: string | undefined;
  /** The branch the run is for: a pull request's head branch (GITHUB_HEAD_REF), else GITHUB_REF_NAME. */
  readonly branch: string | undefined;
  /** A pull request's base branch (GITHUB_BASE_REF); undefined on other events. */
  readonly baseBranch: string | undefined;
}

export function readRunnerContext(env: Readonly<Record<string, string | undefined>>, cwd: string): RunnerContext {
  const payload = readPayload(env['GITHUB_EVENT_PATH']);
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const pullRequest = payload['pull_request'] as { number?: unknown } | undefined;
  const pullRequestNumber = typeof pullRequest?.number === 'number' ? pullRequest.number : undefined;
  return {
    repositoryRoot: path.resolve(cwd, env['GITHUB_WORKSPACE'] || '.'),
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    payload,
    repository: owner && repo ? { owner, repo } : undefined,
    pullRequestNumber,
    conversation: pullRequestNumber === undefined ? commentedOn(payload) : { number: pullRequestNumber, kind: 'pull request', commentId: undefined },
    serverUrl: (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, ''),
    runId: env['GITHUB_RUN_ID'] || undefined,
    runAttempt: env['GITHUB_RUN_ATTEMPT'] || undefined,
    branch: env['GITHUB_HEAD_REF'] || env['GITHUB_REF_NAME'] || undefined,
    baseBranch: env['GITHUB_BASE_REF'] || undefined,
  };
}

/** The run's page: `https://github.com/o/r/actions/runs/123`. */
export function runUrl(context: RunnerContext): string | undefined {
  if (context.repository === undefined || context.runId === undefined) return undefined;
  return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`;
}

/** The issue (or pull request: GitHub's issues include them) of an `issue_comment` payload, and the comment. */
function commentedOn(payload: Readonly<Record<string, unknown>>): RunnerContext['conversation'] {
  const issue = payload['issue'] as { number?: unknown; pull_request?: unknown } | undefined;
  const comment = payload['comment'] as { id?: unknown } | undefined;
  if (typeof issue?.number !== 'number' || comment === undefined) return undefined;
  return { number: issue.number, kind: issue.pull_request === undefined || issue.pull_request === null ? 'issue' : 'pull request', commentId: typeof comment.id === 'number' ? comment.id : undefined };
}

function readPayload(file: string | undefined): Record<string, unknown> {
  if (file === undefined || file === '' || !fs.existsSync(file)) return {};
  const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
