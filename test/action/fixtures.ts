import fs from 'node:fs/promises';
import path from 'node:path';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { ArtifactService, type CacheScope } from '../support/artifact-service.js';
import { CacheService } from '../support/cache-service.js';
import { GitHubRestServer, type GitHubRestServerOptions } from '../support/github-rest-server.js';


export const OWNER = 'octo-org';
export const REPO_NAME = 'octo-repo';
export const RUN_ID = '9876543210';
export const GITHUB_TOKEN = 'ghs_TestInstallationToken0123456789abcdef';
export const MODEL_API_KEY = 'sk-test-model-key-5f2d9c1e8b7a6d4c3b2a1908';
export const HEAD_SHA = 'b1e2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const BASE_SHA = 'a0b1c2d3e4f5061728394a5b6c7d8e9f01234567';

const repository = {
  id: 700_123_456,
  node_id: 'R_kgDOKdLx0A',
  name: REPO_NAME,
  full_name: `${OWNER}/${REPO_NAME}`,
  private: false,
  owner: { login: OWNER, id: 9_919_191, type: 'Organization' },
  html_url: `https://github.com/${OWNER}/${REPO_NAME}`,
  default_branch: 'main',
};

/** A `pull_request` event payload (action synchronize), as GITHUB_EVENT_PATH holds it. */
export function pullRequestPayload(number: number) {
  const user = { login: 'contributor', id: 5_551_212, type: 'User' };
  return {
    action: 'synchronize',
    number,
    before: BASE_SHA,
    after: HEAD_SHA,
    pull_request: {
      url: `https://api.github.com/repos/${OWNER}/${REPO_NAME}/pulls/${number}`,
      id: 1_987_654_321,
      number,
      state: 'open',
      draft: false,
      title: 'Speed up the login handler',
      user,
      html_url: `https://github.com/${OWNER}/${REPO_NAME}/pull/${number}`,
      head: { label: 'contributor:faster-login', ref: 'faster-login', sha: HEAD_SHA, user, repo: repository },
      base: { label: `${OWNER}:main`, ref: 'main', sha: BASE_SHA, user: repository.owner, repo: repository },
      changed_files: 5,
      commits: 2,
    },
    repository,
    sender: user,
  };
}

/** A `push` event payload: two commits, the second removing a file the first added. */
export function pushPayload() {
  const commit = (id: string, added: string[], modified: string[], removed: string[]) => ({
    id,
    tree_id: id.split('').reverse().join(''),
    distinct: true,
    message: `commit ${id.slice(0, 7)}`,
    timestamp: '2026-11-25T01:00:00Z',
    url: `https://github.com/${OWNER}/${REPO_NAME}/commit/${id}`,
    author: { name: 'Dev', email: 'dev@example.com', username: 'dev' },
    committer: { name: 'Dev', email: 'dev@example.com', username: 'dev' },
    added,
    modified,
    removed,
  });
  return {
    ref: 'refs/heads/main',
    before: BASE_SHA,
    after: HEAD_SHA,
    created: false,
    deleted: false,
    forced: false,
    compare: `https://github.com/${OWNER}/${REPO_NAME}/compare/${BASE_SHA.slice(0, 12)}...${HEAD_SHA.slice(0, 12)}`,
    commits: [commit(BASE_SHA.replace('a0', 'c1'), ['src/new.js', 'src/scratch.js'], ['src/a.js'], []), commit(HEAD_SHA, [], ['README.md'], ['src/scratch.js'])],
    head_commit: null,
    repository,
    pusher: { name: 'dev', email: 'dev@example.com' },
    sender: { login: 'dev', id: 1, type: 'User' },
  };
}

/** The runner's world for one test: a checkout, the loopback services, the event. */
export interface Runner {
  readonly workspace: string;
  readonly rest: GitHubRestServer;
  readonly artifacts: ArtifactService;
  /** The cache service, on the same receiver as the artifacts. */
  readonly cache: CacheService;
  /** The variables a runner sets for a step, for an event; a new workflow run each call unless `runtimeToken` is given. */
  env(event: { name: string; payload: unknown }, runtimeToken?: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startRunner(rest: Partial<GitHubRestServerOptions> = {}): Promise<Runner> {
  const workspace = await tempWorkspace('pdispatch-checkout-');
  const events = await tempWorkspace('pdispatch-event-');
  const restServer = await GitHubRestServer.start({ token: GITHUB_TOKEN, owner: OWNER, repo: REPO_NAME, ...rest });
  const artifacts = await ArtifactService.start();
  const cache = CacheService.on(artifacts);
  let eventCount = 0;
  return {
    workspace,
    rest: restServer,
    artifacts,
    cache,
    async env(event, runtimeToken) {
      const eventPath = path.join(events, `event-${++eventCount}.json`);
      await fs.writeFile(eventPath, JSON.stringify(event.payload, null, 2));
      const refs = refsOf(event.name);
      return {
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: `${OWNER}/${REPO_NAME}`,
        GITHUB_REPOSITORY_OWNER: OWNER,
        GITHUB_API_URL: restServer.url,
        GITHUB_GRAPHQL_URL: `${restServer.url}/graphql`,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: RUN_ID,
        GITHUB_RUN_NUMBER: '17',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_SHA: HEAD_SHA,
        GITHUB_REF: refs.ref,
        GITHUB_REF_NAME: refs.refName,
        GITHUB_HEAD_REF: refs.headRef,
        GITHUB_BASE_REF: refs.baseRef,
        GITHUB_JOB: 'dispatch',
        GITHUB_ACTION: '__octo-org_parallel-dispatcher',
        GITHUB_ACTOR: 'contributor',
        GITHUB_TOKEN,
        ACTIONS_RUNTIME_TOKEN: runtimeToken ?? artifacts.runtimeToken(undefined, undefined, refs.cacheScopes),
        ACTIONS_RESULTS_URL: artifacts.url,
        ACTIONS_CACHE_SERVICE_V2: 'True',
        ACTIONS_RUNTIME_URL: 'http://127.0.0.1:9/runtime/',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc?api-version=2.0',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-3c1d9e7f5a2b4c6d8e0f',
      };
    },
    async close() {
      await Promise.all([restServer.close(), artifacts.close()]);
    },
  };
}

/**
 * The refs of a run, as the runner sets them: a pull request's run is on its
 * merge ref and names its head and base branches (empty on other events). Its
 * runtime token may write caches for the run's ref and read the default
 * branch's, as GitHub's do.
 */
function refsOf(eventName: string): { ref: string; refName: string; headRef: string; baseRef: string; cacheScopes: CacheScope[] } {
  const defaultBranch: CacheScope = { Scope: 'refs/heads/main', Permission: 1 };
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    return { ref: 'refs/pull/42/merge', refName: '42/merge', headRef: 'faster-login', baseRef: 'main', cacheScopes: [{ Scope: 'refs/pull/42/merge', Permission: 3 }, defaultBranch] };
  }
  return { ref: 'refs/heads/main', refName: 'main', headRef: '', baseRef: '', cacheScopes: [{ ...defaultBranch, Permission: 3 }] };
}

export async function writeFiles(root: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content);
  }
}

/** Every file under a directory, relative to it, with its content. */
export async function readTree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full).split(path.sep).join('/'), await fs.readFile(full));
  }
  return files;
}
