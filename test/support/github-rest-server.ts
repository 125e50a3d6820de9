import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file of a pull request, as `GET /repos/{o}/{r}/pulls/{n}/files` returns it. */
export interface PullRequestFile {
  readonly filename: string;
  readonly status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

export interface IssueComment {
  readonly id: number;
  body: string;
  readonly user: { readonly login: string; readonly type: string };
  readonly created_at: string;
  updated_at: string;
}

/** An issue, as the issue endpoints return it (without the fields nobody here reads). */
export interface Issue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  state: 'open' | 'closed';
  /** Names of its labels. */
  readonly labels: readonly string[];
}

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly body: unknown;
  /** The HTTP status the server answered. */
  status: number;
}

export interface GitHubRestServerOptions {
  /** The only token accepted (`Authorization: token <t>` or `Bearer <t>`). */
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  /** Files by pull-request number. */
  readonly pullRequestFiles?: Readonly<Record<number, readonly PullRequestFile[]>>;
  /** Caps `per_page` below GitHub's 100, so tests paginate with a few items. */
  readonly maxPerPage?: number;
  /** Answer comment writes with 403, as GitHub does for a read-only token (a fork's pull request). */
  readonly readOnly?: boolean;
}

const COMMENT_MAX_CHARS = 65_536;

/**
 * The part of GitHub's REST API the action and the example workflows use, on
 * 127.0.0.1: pull-request files, issue comments, issues and labels, with
 * GitHub's pagination (`per_page`, `page`, a `Link` header with absolute
 * next/last/first/prev URLs), its error bodies, the 65,536-character limit on
 * comment bodies, labels that do not exist dropped from a new issue, and a
 * 401 for any other token. Every request is recorded.
 */
export class GitHubRestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly comments = new Map<number, IssueComment[]>();
  private nextCommentId = 2_100_000_001;
  private readonly issueList: Issue[] = [];
  private readonly labels = new Set<string>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: GitHubRestServerOptions,
  ) {}

  static async start(options: GitHubRestServerOptions): Promise<GitHubRestServer> {
    let instance: GitHubRestServer | undefined;
    const server = http.createServer((request, response) => {
      instance!.handle(request, response).catch((error: unknown) => sendJson(response, 500, { message: String(error) }));
    });
    instance = new GitHubRestServer(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The comments on an issue or pull request, oldest first. */
  commentsOn(issueNumber: number): readonly IssueComment[] {
    return this.comments.get(issueNumber) ?? [];
  }

  /** A comment someone else wrote, to fill pages before the action's own. */
  addComment(issueNumber: number, body: string, login = 'octocat'): IssueComment {
    const now = new Date().toISOString();
    const comment: IssueComment = { id: this.nextCommentId++, body, user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, created_at: now, updated_at: now };
    this.comments.set(issueNumber, [...this.commentsOn(issueNumber), comment]);
    return comment;
  }

  /** The issues, in the order they were opened. */
  get issues(): readonly Issue[] {
    return this.issueList;
  }

  closeIssue(issueNumber: number): void {
    this.issueList.find((issue) => issue.number === issueNumber)!.state = 'closed';
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const raw = await readBody(request);
    let body: unknown;
    try {
      body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      return this.reply(this.record(request, url, raw.toString('utf8')), response, 400, { message: 'Problems parsing JSON' });
    }
    const recorded = this.record(request, url, body);
    const { token } = this.options;
    const authorization = request.headers.authorization;
    if (authorization !== `token ${token}` && authorization !== `Bearer ${token}`) {
      return this.reply(recorded, response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const repoPath = `/repos/${this.options.owner}/${this.options.repo}`;
    const route = (pattern: string) => new RegExp(`^${repoPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${pattern}$`).exec(url.pathname);

    let match = route('/pulls/(\\d+)/files');
    if (match !== null && request.method === 'GET') {
      const files = this.options.pullRequestFiles?.[Number(match[1])];
      if (files === undefined) return this.reply(recorded, response, 404, { message: 'Not Found' });
      return this.page(recorded, url, response, files.map((file, n) => pullRequestFile(file, n)));
    }
    match = route('/issues/(\\d+)/comments');
    if (match !== null && request.method === 'GET') return this.page(recorded, url, response, [...this.commentsOn(Number(match[1]))]);
    if (match !== null && request.method === 'POST') {
      const problem = this.commentProblem(body);
      if (problem !== undefined) return this.reply(recorded, response, problem.status, problem.body);
      const comment = this.addComment(Number(match[1]), (body as { body: string }).body, 'github-actions[bot]');
      return this.reply(recorded, response, 201, this.commentJson(comment, Number(match[1])));
    }
    match = route('/issues/comments/(\\d+)');
    if (match !== null && request.method === 'PATCH') {
      const id = Number(match[1]);
      const entry = [...this.comments.entries()].map(([issue, list]) => ({ issue, comment: list.find((comment) => comment.id === id) })).find((found) => found.comment !== undefined);
      if (entry === undefined) return this.reply(recorded, response, 404, { message: 'Not Found' });
      const problem = this.commentProblem(body);
      if (problem !== undefined) return this.reply(recorded, response, problem.status, problem.body);
      entry.comment!.body = (body as { body: string }).body;
      entry.comment!.updated_at = new Date().toISOString();
      return this.reply(recorded, response, 200, this.commentJson(entry.comment!, entry.issue));
    }
    if (route('/issues') !== null && request.method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const wanted = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const found = this.issueList.filter((issue) => (state === 'all' || issue.state === state) && wanted.every((label) => issue.labels.includes(label)));
      return this.page(recorded, url, response, found.map((issue) => this.issueJson(issue)));
    }
    if (route('/issues') !== null && request.method === 'POST') {
      const { title, body: text, labels } = (body ?? {}) as { title?: unknown; body?: unknown; labels?: unknown };
      if (typeof title !== 'string' || title === '') return this.reply(recorded, response, 422, { message: 'Invalid request.\n\n"title" wasn\'t supplied.' });
      const names = Array.isArray(labels) ? labels.map(String) : [];
      const issue: Issue = { number: this.issueList.length + 1, title, body: typeof text === 'string' ? text : '', state: 'open', labels: names.filter((name) => this.labels.has(name)) };
      this.issueList.push(issue);
      return this.reply(recorded, response, 201, this.issueJson(issue));
    }
    if (route('/labels') !== null && request.method === 'POST') {
      const name = (body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || name === '') return this.reply(recorded, response, 422, { message: 'Invalid request.\n\n"name" wasn\'t supplied.' });
      if (this.labels.has(name)) {
        return this.reply(recorded, response, 422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      this.labels.add(name);
      return this.reply(recorded, response, 201, { name, color: (body as { color?: string }).color ?? 'ededed' });
    }
    return this.reply(recorded, response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  private issueJson(issue: Issue) {
    const { owner, repo } = this.options;
    return { ...issue, labels: issue.labels.map((name) => ({ name })), html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}` };
  }

  private commentProblem(body: unknown): { status: number; body: unknown } | undefined {
    if (this.options.readOnly) return { status: 403, body: { message: 'Resource not accessible by integration' } };
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string' || text === '') {
      return { status: 422, body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.' } };
    }
    if (text.length > COMMENT_MAX_CHARS) {
      return {
        status: 422,
        body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${COMMENT_MAX_CHARS} characters)` }] },
      };
    }
    return undefined;
  }

  private commentJson(comment: IssueComment, issueNumber: number) {
    const { owner, repo } = this.options;
    return {
      ...comment,
      html_url: `https://github.com/${owner}/${repo}/pull/${issueNumber}#issuecomment-${comment.id}`,
      issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/${issueNumber}`,
    };
  }

  /** One page of `items`, with GitHub's `Link` header. */
  private page(recorded: RecordedRequest, url: URL, response: ServerResponse, items: readonly unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100, this.options.maxPerPage ?? 100);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number) => {
      const target = new URL(url.href);
      target.searchParams.set('page', String(n));
      return target.href;
    };
    const links = [
      page < last ? `<${link(page + 1)}>; rel="next"` : undefined,
      page < last ? `<${link(last)}>; rel="last"` : undefined,
      page > 1 ? `<${link(1)}>; rel="first"` : undefined,
      page > 1 ? `<${link(page - 1)}>; rel="prev"` : undefined,
    ].filter((part) => part !== undefined);
    this.reply(recorded, response, 200, items.slice((page - 1) * perPage, page * perPage), links.length === 0 ? {} : { link: links.join(', ') });
  }

  private record(request: IncomingMessage, url: URL, body: unknown): RecordedRequest {
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      body,
      status: 0,
    };
    this.requests.push(recorded);
    return recorded;
  }

  private reply(recorded: RecordedRequest, response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    recorded.status = status;
    sendJson(response, status, body, headers);
  }
}

function pullRequestFile(file: PullRequestFile, n: number) {
  const sha = n.toString(16).padStart(40, '0');
  return {
    sha,
    filename: file.filename,
    status: file.status,
    additions: file.status === 'removed' ? 0 : 3,
    deletions: file.status === 'added' ? 0 : 1,
    changes: 4,
    blob_url: `https://github.com/o/r/blob/${sha}/${file.filename}`,
    raw_url: `https://github.com/o/r/raw/${sha}/${file.filename}`,
    contents_url: `https://api.github.com/repos/o/r/contents/${file.filename}?ref=${sha}`,
    patch: '@@ -1 +1 @@\n-old\n+new',
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}
