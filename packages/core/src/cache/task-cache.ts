import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../tracing/atomic-write.js';
import type { FileRecord } from '../tracing/task-recorder.js';
import { CACHE_ENTRY_VERSION, type CacheEntry, type CachedFile, type CachedWrite } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';
import { fileSha256, sha256Of } from './content-hash.js';
import { declaredFiles } from './declared-files.js';
import { sameStat, settledStat, statOf, type FileStat } from './file-stat.js';

export interface CacheHit {
  readonly entry: CacheEntry;
  /** The files written back because they differed from what the task had written. */
  readonly restored: readonly CachedWrite[];
}

export interface TaskResult {
  readonly key: string;
  readonly agent: string;
  readonly output: unknown;
  /** The files the task recorded reading and writing. */
  readonly files: readonly FileRecord[];
  /** A command's declared inputs as they were when its key was made, and its declared output globs. */
  readonly declared: { readonly inputs: readonly string[]; readonly files: readonly CachedFile[]; readonly outputs: readonly string[] } | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Why a result was not stored; undefined when it was. */
export type NotStored = string | undefined;

/**
 * Reuses and stores task results. A key is made before a task runs from all that is known then
 * (`cacheKey`); the files the task read while it ran are kept in its entry, and a hit needs each
 * of them as it was, as Bazel and Turborepo check their entries.
 */
export class TaskCache {
  constructor(
    readonly store: CacheStore,
    private readonly workspace: string,
  ) {}

  /** The entry under `key` when every file it read is unchanged and every file it wrote can be written back; the files are then restored. */
  async lookup(key: string): Promise<CacheHit | undefined> {
    const entry = await this.store.read(key);
    if (entry === undefined) return undefined;
    const writtenNow = await hashesOf(entry.writes);
    if (!(await unchanged(entry, writtenNow))) return undefined;
    const restore: { write: CachedWrite; content: Buffer }[] = [];
    for (const write of entry.writes) {
      if (writtenNow.get(write.path) === write.sha256) continue;
      const content = await this.store.readBlob(write.sha256);
      if (content === undefined) return undefined;
      restore.push({ write, content });
    }
    for (const { write, content } of restore) {
      await fs.mkdir(path.dirname(write.path), { recursive: true });
      await writeFileAtomic(write.path, content);
    }
    return { entry, restored: restore.map(({ write }) => write) };
  }

  /** Stores a successful result, unless a file it read changed while it ran (or a file it wrote since). */
  async save(result: TaskResult): Promise<NotStored> {
    const reads = readsOf(result.files);
    const writes = writesOf(result.files);
    if (result.declared !== null) {
      const now = await declaredFiles(this.workspace, result.declared.inputs);
      if (JSON.stringify(now) !== JSON.stringify(result.declared.files)) return 'an input file changed while the task ran';
      if (result.declared.outputs.length > 0) {
        for (const file of await declaredFiles(this.workspace, result.declared.outputs)) {
          const absolute = path.resolve(this.workspace, file.path);
          if (!writes.some((write) => write.path === absolute)) writes.push({ path: absolute, sha256: file.sha256! });
        }
      }
    }
    const blobs = new Map<string, Buffer>();
    for (const write of writes) {
      const content = await fs.readFile(write.path).catch(() => undefined);
      if (content === undefined || sha256Of(content) !== write.sha256) return `${write.path} changed after the task wrote it`;
      blobs.set(write.sha256, content);
    }
    const entry: CacheEntry = {
      version: CACHE_ENTRY_VERSION,
      key: result.key,
      agent: result.agent,
      created_at: new Date().toISOString(),
      output: result.output,
      reads,
      writes,
      input_tokens: result.inputTokens,
      output_tokens: result.outputTokens,
    };
    // A stat is recorded only when it is the same before and after the hashes were checked: it is then the stat of the content hashed.
    const before = new Map(reads.map((read) => [read.path, statOf(read.path)]));
    // The written files were hashed just above, as they are now.
    const writtenNow = new Map(writes.map((write) => [write.path, write.sha256]));
    if (!(await unchanged(entry, writtenNow))) return 'a file it read changed while the task ran';
    await this.store.write({ ...entry, reads: withStats(entry.reads, before) }, blobs);
    return undefined;
  }
}

/**
 * Every file the entry read is as it was (or as the task itself left it), and every file it wrote
 * was as it found it or as it left it (`writtenNow`: their hashes now). Files read with a trusted
 * stat that still holds are not hashed: stats are synchronous and cheap, hashes are neither.
 */
async function unchanged(entry: CacheEntry, writtenNow: ReadonlyMap<string, string | null>): Promise<boolean> {
  for (const write of entry.writes) {
    const now = writtenNow.get(write.path);
    if (write.previous_sha256 !== undefined && now !== write.previous_sha256 && now !== write.sha256) return false;
  }
  const written = new Map(entry.writes.map((write) => [write.path, write.sha256]));
  const toHash = entry.reads.filter((read) => read.stat === undefined || !sameStat(read.stat, statOf(read.path)));
  const hashes = await Promise.all(toHash.map((read) => fileSha256(read.path)));
  return toHash.every((read, index) => hashes[index] === read.sha256 || hashes[index] === written.get(read.path));
}

/** The content hash of each written file now (null: not there), each file read once. */
async function hashesOf(writes: readonly CachedWrite[]): Promise<Map<string, string | null>> {
  return new Map(await Promise.all(writes.map(async (write) => [write.path, await fileSha256(write.path)] as const)));
}

/** The entry's reads with the stats that let a later lookup skip hashing them. */
function withStats(reads: readonly CachedFile[], before: ReadonlyMap<string, FileStat | undefined>): CachedFile[] {
  const now = Date.now();
  return reads.map((read) => {
    const stat = read.sha256 === null ? undefined : settledStat(read.path, now);
    return stat === undefined || !sameStat(stat, before.get(read.path)) ? read : { ...read, stat };
  });
}

function readsOf(files: readonly FileRecord[]): CachedFile[] {
  const reads = new Map<string, string | null>();
  for (const file of files) {
    if (reads.has(file.path)) continue;
    if (file.action === 'read' && file.sha256 !== undefined) reads.set(file.path, file.sha256);
    else if (file.action === 'not_found') reads.set(file.path, null);
  }
  return [...reads].map(([file, sha256]) => ({ path: file, sha256 }));
}

/** The last write of each file; the content before the first. */
function writesOf(files: readonly FileRecord[]): CachedWrite[] {
  const writes = new Map<string, CachedWrite>();
  for (const file of files) {
    if (file.action !== 'written' || file.sha256 === undefined) continue;
    const first = writes.get(file.path);
    writes.set(file.path, { path: file.path, sha256: file.sha256, previous_sha256: first === undefined ? (file.previous_sha256 ?? null) : first.previous_sha256 });
  }
  return [...writes.values()];
}
