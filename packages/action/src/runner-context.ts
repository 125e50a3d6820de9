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
  readonly serverUrl: string;
  readonly runId: string | undefined;
}

export function readRunnerContext(env: Readonly<Record<string, string | undefined>>, cwd: string): RunnerContext {
  const payload = readPayload(env['GITHUB_EVENT_PATH']);
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const pullRequest = payload['pull_request'] as { number?: unknown } | undefined;
  return {
    repositoryRoot: path.resolve(cwd, env['GITHUB_WORKSPACE'] || '.'),
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    payload,
    repository: owner && repo ? { owner, repo } : undefined,
    pullRequestNumber: typeof pullRequest?.number === 'number' ? pullRequest.number : undefined,
    serverUrl: (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, ''),
    runId: env['GITHUB_RUN_ID'] || undefined,
  };
}

/** The run's page: `https://github.com/o/r/actions/runs/123`. */
export function runUrl(context: RunnerContext): string | undefined {
  if (context.repository === undefined || context.runId === undefined) return undefined;
  return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`;
}

function readPayload(file: string | undefined): Record<string, unknown> {
  if (file === undefined || file === '' || !fs.existsSync(file)) return {};
  const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
