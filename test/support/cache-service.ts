import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArtifactService, CacheScope } from './artifact-service.js';
import { azureError, created, json, twirpError } from './results-replies.js';

/** A cache entry as the service holds it. */
export interface StoredCacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  /** The ref whose runs made it (the token's writable cache scope). */
  readonly scope: string;
  /** Creation order: the newest entry wins a prefix match. */
  readonly created: number;
  blob: Buffer | undefined;
  finalized: boolean;
}

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';
const BLOBS = '/devstoreaccount1/actions-cache/';
const READ = 1;
const WRITE = 2;

/**
 * GitHub's cache service (v2, what runners use with ACTIONS_CACHE_SERVICE_V2)
 * as @actions/cache 6 speaks to it, served by the same results receiver as
 * the artifact service: Twirp JSON `CreateCacheEntry`, `FinalizeCacheEntryUpload`
 * and `GetCacheEntryDownloadURL` (snake_case fields, int64 as strings,
 * `Authorization: Bearer <runtime token>`), and Azure Blob Storage behind
 * signed path-style URLs: Put Blob (or blocks and a block list) to upload,
 * Get Blob Properties and ranged Get Blob to download.
 *
 * Scopes follow the runtime token's `ac` claim, as the real service does: an
 * entry belongs to the writable scope (the run's ref); a lookup searches each
 * readable scope in the claim's order (the run's ref, then the base or default
 * branch), and in each the exact key, then the key as a prefix, then each
 * restore key as a prefix, the newest entry first. The version (a hash of the
 * paths and the compression) must match. An entry's key, version and scope
 * cannot be reserved twice (409).
 */
export class CacheService {
  readonly entries: StoredCacheEntry[] = [];
  /** Lookups and what they matched: the key, or undefined for a miss. */
  readonly lookups: { readonly key: string; readonly restoreKeys: readonly string[]; readonly matched: string | undefined }[] = [];
  private readonly signatures = new Map<number, string>();
  private readonly blocks = new Map<number, Map<string, Buffer>>();
  private nextId = 4_294_967_301; // past 2^32: ids travel as int64 strings
  private clock = 0;

  private constructor(private readonly receiver: ArtifactService) {}

  /** The cache service on the receiver's origin (ACTIONS_RESULTS_URL serves both). */
  static on(receiver: ArtifactService): CacheService {
    const service = new CacheService(receiver);
    receiver.route(TWIRP, (url, request, body, response) => service.twirp(url.pathname.slice(TWIRP.length), request, body, response));
    receiver.route(BLOBS, (url, request, body, response) => service.blob(url, request, body, response));
    return service;
  }

  /** The finalized entries, oldest first. */
  get saved(): StoredCacheEntry[] {
    return this.entries.filter((entry) => entry.finalized);
  }

  private twirp(method: string, request: IncomingMessage, raw: Buffer, response: ServerResponse): void {
    if (request.method !== 'POST') return twirpError(response, 405, 'bad_route', 'twirp methods are POSTed');
    const scopes = this.scopesOf(request);
    if (scopes === undefined) return twirpError(response, 401, 'unauthenticated', 'the runtime token is missing or unknown');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(response, 400, 'malformed', 'the body is not JSON');
    }
    const { key, version } = body;
    if (typeof key !== 'string' || key === '' || typeof version !== 'string' || version === '') return twirpError(response, 400, 'invalid_argument', 'key and version are required');

    if (method === 'CreateCacheEntry') {
      const scope = scopes.find((candidate) => (candidate.Permission & WRITE) !== 0)?.Scope;
      if (scope === undefined) return twirpError(response, 403, 'permission_denied', 'cache write denied: the token has no writable cache scope');
      if (this.entries.some((entry) => entry.key === key && entry.version === version && entry.scope === scope)) {
        return twirpError(response, 409, 'already_exists', 'cache entry with the same key, version, and scope already exists');
      }
      const entry: StoredCacheEntry = { id: this.nextId++, key, version, scope, created: ++this.clock, blob: undefined, finalized: false };
      this.entries.push(entry);
      return json(response, 200, { ok: true, signed_upload_url: this.signedUrl(entry, 'cw') });
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find((candidate) => candidate.key === key && candidate.version === version && !candidate.finalized && scopes.some((scope) => scope.Scope === candidate.scope));
      if (entry === undefined) return twirpError(response, 404, 'not_found', 'no cache entry of this key and version is being uploaded');
      if (entry.blob === undefined) return twirpError(response, 400, 'failed_precondition', 'the blob was never uploaded');
      const size = body['size_bytes'];
      if (typeof size !== 'string' || Number(size) !== entry.blob.length) return twirpError(response, 400, 'invalid_argument', `size_bytes ${String(size)} does not match the ${entry.blob.length} bytes uploaded`);
      entry.finalized = true;
      return json(response, 200, { ok: true, entry_id: String(entry.id) });
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = Array.isArray(body['restore_keys']) ? body['restore_keys'].filter((value): value is string => typeof value === 'string') : [];
      const entry = this.match(scopes, key, restoreKeys, version);
      this.lookups.push({ key, restoreKeys, matched: entry?.key });
      if (entry === undefined) return json(response, 200, { ok: false, signed_download_url: '', matched_key: '' });
      return json(response, 200, { ok: true, signed_download_url: this.signedUrl(entry, 'r'), matched_key: entry.key });
    }
    return twirpError(response, 404, 'bad_route', `no method ${method}`);
  }

  private match(scopes: readonly CacheScope[], key: string, restoreKeys: readonly string[], version: string): StoredCacheEntry | undefined {
    for (const scope of scopes.filter((candidate) => (candidate.Permission & READ) !== 0)) {
      const candidates = this.saved.filter((entry) => entry.scope === scope.Scope && entry.version === version).sort((a, b) => b.created - a.created);
      const found =
        candidates.find((entry) => entry.key === key) ??
        candidates.find((entry) => entry.key.startsWith(key)) ??
        restoreKeys.map((prefix) => candidates.find((entry) => entry.key.startsWith(prefix))).find((entry) => entry !== undefined);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Azure Blob Storage, path-style: Put Blob / Put Block / Put Block List to upload; Get Blob Properties and ranged Get Blob to download. */
  private blob(url: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const id = Number(url.pathname.slice(BLOBS.length).replace(/\.tzst$|\.tgz$/, ''));
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (entry === undefined) return azureError(response, 404, 'BlobNotFound');
    if (url.searchParams.get('sig') !== this.signatures.get(entry.id)) return azureError(response, 403, 'AuthenticationFailed');
    if (request.headers.authorization !== undefined) return azureError(response, 400, 'InvalidAuthenticationInfo');
    const permissions = url.searchParams.get('sp') ?? '';
    if (request.method === 'PUT') {
      if (!permissions.includes('w') || entry.finalized) return azureError(response, 403, 'AuthorizationPermissionMismatch');
      return this.upload(entry, url, request, body, response);
    }
    if (request.method !== 'HEAD' && request.method !== 'GET') return azureError(response, 405, 'UnsupportedHttpVerb');
    if (!permissions.includes('r') || !entry.finalized || entry.blob === undefined) return azureError(response, 404, 'BlobNotFound');
    const headers = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': '2025-11-05',
      'x-ms-blob-type': 'BlockBlob',
      'accept-ranges': 'bytes',
      etag: `"0x${entry.id.toString(16).toUpperCase()}"`,
      'last-modified': new Date().toUTCString(),
      'content-type': 'application/octet-stream',
    };
    if (request.method === 'HEAD') {
      response.writeHead(200, { ...headers, 'content-length': String(entry.blob.length) });
      return void response.end();
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers['x-ms-range'] ?? request.headers.range ?? ''));
    if (range === null) {
      response.writeHead(200, { ...headers, 'content-length': String(entry.blob.length) });
      return void response.end(entry.blob);
    }
    const start = Number(range[1]);
    const end = Math.min(range[2] === '' ? entry.blob.length - 1 : Number(range[2]), entry.blob.length - 1);
    if (start > end) return azureError(response, 416, 'InvalidRange');
    const part = entry.blob.subarray(start, end + 1);
    response.writeHead(206, { ...headers, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${entry.blob.length}` });
    response.end(part);
  }

  private upload(entry: StoredCacheEntry, url: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const comp = url.searchParams.get('comp');
    if (comp === null && request.headers['x-ms-blob-type'] === 'BlockBlob') {
      entry.blob = body;
      return created(response);
    }
    const blocks = this.blocks.get(entry.id) ?? new Map<string, Buffer>();
    this.blocks.set(entry.id, blocks);
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid');
      if (blockId === null || blockId === '') return azureError(response, 400, 'InvalidQueryParameterValue');
      blocks.set(blockId, body);
      return created(response);
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((match) => match[2]!);
      if (ids.some((blockId) => !blocks.has(blockId))) return azureError(response, 400, 'InvalidBlockList');
      entry.blob = Buffer.concat(ids.map((blockId) => blocks.get(blockId)!));
      return created(response);
    }
    return azureError(response, 400, 'InvalidQueryParameterValue');
  }

  private signedUrl(entry: StoredCacheEntry, permissions: string): string {
    let signature = this.signatures.get(entry.id);
    if (signature === undefined) {
      signature = randomBytes(24).toString('base64url');
      this.signatures.set(entry.id, signature);
    }
    return `${this.receiver.url.replace(/\/$/, '')}${BLOBS}${entry.id}.tzst?sv=2023-11-03&sr=b&sp=${permissions}&se=2099-01-01T00%3A00%3A00Z&sig=${encodeURIComponent(signature)}`;
  }

  /** The cache scopes of the request's runtime token, from its `ac` claim; undefined for a token the receiver did not issue. */
  private scopesOf(request: IncomingMessage): CacheScope[] | undefined {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || !this.receiver.issued(token)) return undefined;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { ac?: string };
    return JSON.parse(claims.ac ?? '[]') as CacheScope[];
  }
}
