import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { azureError, created, json, readBody, twirpError } from './results-replies.js';

/** An artifact as the service holds it. */
export interface StoredArtifact {
  readonly id: number;
  readonly runBackendId: string;
  readonly jobBackendId: string;
  readonly name: string;
  readonly version: number;
  readonly mimeType: string | undefined;
  readonly expiresAt: string | undefined;
  /** The blob as assembled from its block list; undefined until committed. */
  blob: Buffer | undefined;
  /** Set by FinalizeArtifact. */
  finalized: { readonly size: number; readonly hash: string | undefined } | undefined;
}

export interface RecordedServiceRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  status: number;
}

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';

/** A cache scope of a runtime token's `ac` claim: a ref, and 1 (read), 2 (write) or 3 (both). */
export interface CacheScope {
  readonly Scope: string;
  readonly Permission: number;
}

/** A request for another service on the same receiver, its body read. */
export type ResultsRoute = (url: URL, request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

/**
 * GitHub's results receiver (ACTIONS_RESULTS_URL), which the artifact and the
 * cache services share, with the artifact service as @actions/artifact 6
 * speaks to it, on 127.0.0.1: Twirp JSON `CreateArtifact` and `FinalizeArtifact` (int64 fields
 * as strings, `Authorization: Bearer <runtime token>`, backend ids from the
 * token's `scp` claim), and the Azure block-blob upload at a path-style
 * signed URL (`comp=block` stores a block by id, `comp=blocklist` assembles
 * them in the list's order). A second artifact of the same name in one run is
 * refused with 409, as the real service does. Bad requests get 4xx, never
 * 5xx, so the client does not sit through its retries.
 */
export class ArtifactService {
  readonly requests: RecordedServiceRequest[] = [];
  readonly artifacts: StoredArtifact[] = [];
  private readonly tokens = new Map<string, { run: string; job: string }>();
  private readonly routes: { readonly prefix: string; readonly handler: ResultsRoute }[] = [];
  private readonly uploads = new Map<string, { artifact: StoredArtifact; signature: string; blocks: Map<string, Buffer> }>();
  private nextId = 9_007_199_254; // past 2^32: ids travel as int64 strings

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ArtifactService> {
    let instance: ArtifactService | undefined;
    const server = http.createServer((request, response) => {
      instance!.handle(request, response).catch((error: unknown) => twirpError(response, 400, 'internal', String(error)));
    });
    instance = new ArtifactService(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** `ACTIONS_RESULTS_URL`: the client uses only its origin. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /**
   * An `ACTIONS_RUNTIME_TOKEN` for a job of a workflow run: an unsigned JWT
   * whose `scp` claim carries `Actions.Results:<run>:<job>`, and whose `ac`
   * claim lists the cache scopes the job may use (see `CacheService`).
   */
  runtimeToken(run: string = randomUUID(), job: string = randomUUID(), cacheScopes: readonly CacheScope[] = []): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = [
      part({ typ: 'JWT', alg: 'RS256', x5t: 'test' }),
      part({ nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd', scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${run}:${job}`, ac: JSON.stringify(cacheScopes), iat: now, exp: now + 3600 }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    this.tokens.set(token, { run, job });
    return token;
  }

  /** Whether the receiver issued this runtime token. */
  issued(token: string): boolean {
    return this.tokens.has(token);
  }

  /** Serves the requests whose path starts with `prefix` (another service of the same receiver, such as the cache's). */
  route(prefix: string, handler: ResultsRoute): void {
    this.routes.push({ prefix, handler });
  }

  /** The finalized artifacts of one upload name, newest last. */
  finalized(name: string): StoredArtifact[] {
    return this.artifacts.filter((artifact) => artifact.name === name && artifact.finalized !== undefined);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    // Another service's requests are its own to record.
    const route = this.routes.find((candidate) => url.pathname.startsWith(candidate.prefix));
    if (route !== undefined) return route.handler(url, request, await readBody(request), response);
    const recorded: RecordedServiceRequest = { method: request.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: request.headers.authorization, status: 0 };
    this.requests.push(recorded);
    const body = await readBody(request);
    const reply = response.writeHead.bind(response);
    response.writeHead = ((status: number, ...rest: unknown[]) => {
      recorded.status = status;
      return (reply as (...args: unknown[]) => ServerResponse)(status, ...rest);
    }) as typeof response.writeHead;
    if (url.pathname.startsWith(TWIRP)) return this.twirp(url.pathname.slice(TWIRP.length), request, body, response);
    return this.blob(url, request, body, response);
  }

  private twirp(method: string, request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    if (request.method !== 'POST') return twirpError(response, 405, 'bad_route', 'twirp methods are POSTed');
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const job = bearer === undefined ? undefined : this.tokens.get(bearer);
    if (job === undefined) return twirpError(response, 401, 'unauthenticated', 'the runtime token is missing or unknown');
    if (!String(request.headers['content-type']).startsWith('application/json')) return twirpError(response, 415, 'malformed', 'expected application/json');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(response, 400, 'malformed', 'the body is not JSON');
    }
    if (body['workflow_run_backend_id'] !== job.run || body['workflow_job_run_backend_id'] !== job.job) {
      return twirpError(response, 403, 'permission_denied', 'the backend ids do not match the runtime token');
    }
    const name = body['name'];
    if (typeof name !== 'string' || name === '') return twirpError(response, 400, 'invalid_argument', 'name is required');

    if (method === 'CreateArtifact') {
      if (body['version'] !== 7) return twirpError(response, 400, 'invalid_argument', `unsupported version ${String(body['version'])}`);
      if (this.artifacts.some((artifact) => artifact.runBackendId === job.run && artifact.name === name)) {
        return twirpError(response, 409, 'already_exists', `an artifact with this name already exists on the workflow run`);
      }
      const artifact: StoredArtifact = {
        id: this.nextId++,
        runBackendId: job.run,
        jobBackendId: job.job,
        name,
        version: 7,
        mimeType: typeof body['mime_type'] === 'string' ? body['mime_type'] : undefined,
        expiresAt: typeof body['expires_at'] === 'string' ? body['expires_at'] : undefined,
        blob: undefined,
        finalized: undefined,
      };
      this.artifacts.push(artifact);
      const signature = randomBytes(24).toString('base64url');
      const blobPath = `/devstoreaccount1/actions-results/${job.run}/${job.job}/${encodeURIComponent(name)}.zip`;
      this.uploads.set(blobPath, { artifact, signature, blocks: new Map() });
      const signed = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${blobPath}?sv=2023-11-03&sr=b&sp=cw&se=2099-01-01T00%3A00%3A00Z&sig=${encodeURIComponent(signature)}`;
      return json(response, 200, { ok: true, signed_upload_url: signed });
    }
    if (method === 'FinalizeArtifact') {
      const artifact = this.artifacts.find((candidate) => candidate.runBackendId === job.run && candidate.name === name && candidate.finalized === undefined);
      if (artifact === undefined) return twirpError(response, 404, 'not_found', 'no artifact of this name is being uploaded');
      if (artifact.blob === undefined) return twirpError(response, 400, 'failed_precondition', 'the blob was never committed');
      const size = body['size'];
      if (typeof size !== 'string' || !/^\d+$/.test(size)) return twirpError(response, 400, 'invalid_argument', 'size must be an int64 string');
      if (Number(size) !== artifact.blob.length) return twirpError(response, 400, 'invalid_argument', `size ${size} does not match the ${artifact.blob.length} bytes uploaded`);
      const hash = typeof body['hash'] === 'string' ? body['hash'] : undefined;
      if (hash !== undefined && hash !== `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`) {
        return twirpError(response, 400, 'invalid_argument', 'hash does not match the uploaded bytes');
      }
      artifact.finalized = { size: Number(size), hash };
      return json(response, 200, { ok: true, artifact_id: String(artifact.id) });
    }
    return twirpError(response, 404, 'bad_route', `no method ${method}`);
  }

  /** Azure Blob Storage's Put Block, Put Block List and Put Blob, path-style. */
  private blob(url: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const upload = this.uploads.get(url.pathname);
    if (upload === undefined) return azureError(response, 404, 'ContainerNotFound');
    if (url.searchParams.get('sig') !== upload.signature) return azureError(response, 403, 'AuthenticationFailed');
    if (request.headers.authorization !== undefined) return azureError(response, 400, 'InvalidAuthenticationInfo');
    if (request.method !== 'PUT') return azureError(response, 405, 'UnsupportedHttpVerb');
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const id = url.searchParams.get('blockid');
      if (id === null || id === '') return azureError(response, 400, 'InvalidQueryParameterValue');
      upload.blocks.set(id, body);
      return created(response);
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((match) => match[2]!);
      const missing = ids.filter((id) => !upload.blocks.has(id));
      if (missing.length > 0) return azureError(response, 400, 'InvalidBlockList');
      upload.artifact.blob = Buffer.concat(ids.map((id) => upload.blocks.get(id)!));
      return created(response);
    }
    if (comp === null && request.headers['x-ms-blob-type'] === 'BlockBlob') {
      upload.artifact.blob = body;
      return created(response);
    }
    return azureError(response, 400, 'InvalidQueryParameterValue');
  }
}
