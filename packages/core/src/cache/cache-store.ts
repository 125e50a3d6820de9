import { readFileSync, utimesSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../tracing/atomic-write.js';
import { cacheEntrySchema, type CacheEntry } from './cache-entry.js';
import { sha256Of } from './content-hash.js';

export interface CacheInfo {
  readonly dir: string;
  readonly entries: number;
  readonly blobs: number;
  /** Entries and blobs together. */
  readonly bytes: number;
}

export interface PruneResult {
  readonly removedEntries: number;
  readonly removedBlobs: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

/** Blobs this young are kept by a prune even when no entry names them yet: another dispatch may be about to write the entry. */
const BLOB_GRACE_MS = 60_000;

/**
 * The cache folder: `entries/<key>.json` and content-addressed `blobs/<sha256>`. Every file is
 * written to a temporary name and renamed, so two dispatches sharing the folder see whole files or
 * none; an entry or blob that does not read back as written is a miss, never a failure.
 */
export class CacheStore {
  constructor(readonly dir: string) {}

  private entryFile(key: string): string {
    return path.join(this.dir, 'entries', `${key}.json`);
  }

  private blobFile(sha256: string): string {
    return path.join(this.dir, 'blobs', sha256);
  }

  /**
   * The entry under `key`, touched so eviction keeps it; undefined when missing, unreadable or corrupt.
   * Read and touched synchronously, as `statOf` stats: an entry is a few kilobytes on a local disk,
   * which takes microseconds, where the four round trips of an asynchronous read through the thread
   * pool took twenty times as long and a dispatch makes one lookup per task.
   */
  async read(key: string): Promise<CacheEntry | undefined> {
    const file = this.entryFile(key);
    try {
      const parsed = cacheEntrySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success || parsed.data.key !== key) return undefined;
      touch(file);
      return parsed.data;
    } catch {
      return undefined;
    }
  }

  /** A blob's content when it is there and still hashes to its name. */
  async readBlob(sha256: string): Promise<Buffer | undefined> {
    const content = await fs.readFile(this.blobFile(sha256)).catch(() => undefined);
    return content !== undefined && sha256Of(content) === sha256 ? content : undefined;
  }

  /** Stores the blobs first, then the entry naming them, so an entry never names a blob not yet written. */
  async write(entry: CacheEntry, blobs: ReadonlyMap<string, Buffer>): Promise<void> {
    await fs.mkdir(path.join(this.dir, 'blobs'), { recursive: true });
    await fs.mkdir(path.join(this.dir, 'entries'), { recursive: true });
    for (const [sha256, content] of blobs) {
      const file = this.blobFile(sha256);
      const exists = await fs.stat(file).then(
        () => true,
        () => false,
      );
      if (exists) await fs.utimes(file, new Date(), new Date()).catch(() => undefined);
      else await writeFileAtomic(file, content);
    }
    await writeFileAtomic(this.entryFile(entry.key), `${JSON.stringify(entry)}\n`);
  }

  async info(): Promise<CacheInfo> {
    const entries = await listFiles(path.join(this.dir, 'entries'));
    const blobs = await listFiles(path.join(this.dir, 'blobs'));
    return { dir: this.dir, entries: entries.length, blobs: blobs.length, bytes: sum(entries) + sum(blobs) };
  }

  /**
   * Removes the least recently used entries until entries and blobs fit in `maxBytes`, then the
   * blobs no entry names (and temporary files left by a killed writer).
   */
  async prune(maxBytes: number, now = Date.now()): Promise<PruneResult> {
    const entries = (await listFiles(path.join(this.dir, 'entries'))).sort((a, b) => a.mtimeMs - b.mtimeMs);
    const blobs = await listFiles(path.join(this.dir, 'blobs'));
    const bytesBefore = sum(entries) + sum(blobs);
    const named = new Map<string, Set<string>>();
    for (const entry of entries) named.set(entry.file, await blobsNamedBy(entry.file));
    const blobSize = new Map(blobs.map((blob) => [path.basename(blob.file), blob.size]));
    // Bytes still held: every entry, and each blob once.
    const holders = new Map<string, number>();
    for (const names of named.values()) for (const name of names) holders.set(name, (holders.get(name) ?? 0) + 1);
    let bytes = bytesBefore;
    let removedEntries = 0;
    for (const entry of entries) {
      if (bytes <= maxBytes) break;
      await fs.rm(entry.file, { force: true });
      removedEntries++;
      bytes -= entry.size;
      for (const name of named.get(entry.file)!) {
        const left = holders.get(name)! - 1;
        holders.set(name, left);
        if (left === 0) bytes -= blobSize.get(name) ?? 0;
      }
    }
    let removedBlobs = 0;
    for (const blob of blobs) {
      const name = path.basename(blob.file);
      if ((holders.get(name) ?? 0) > 0 || now - blob.mtimeMs < BLOB_GRACE_MS) continue;
      await fs.rm(blob.file, { force: true });
      removedBlobs++;
    }
    const after = await this.info();
    return { removedEntries, removedBlobs, bytesBefore, bytesAfter: after.bytes };
  }
}

interface ListedFile {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

async function listFiles(dir: string): Promise<ListedFile[]> {
  const names = await fs.readdir(dir).catch(() => []);
  const listed = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      return stat?.isFile() === true ? [{ file, size: stat.size, mtimeMs: stat.mtimeMs }] : [];
    }),
  );
  return listed.flat();
}

async function blobsNamedBy(entryFile: string): Promise<Set<string>> {
  try {
    const parsed = cacheEntrySchema.safeParse(JSON.parse(await fs.readFile(entryFile, 'utf8')));
    return new Set(parsed.success ? parsed.data.writes.map((write) => write.sha256) : []);
  } catch {
    return new Set();
  }
}

/** Marks an entry used now, for the least-recently-used order; an entry that cannot be touched is still a hit. */
function touch(file: string): void {
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // Read-only caches (a restored CI cache, a shared folder) still serve hits.
  }
}

function sum(files: readonly ListedFile[]): number {
  return files.reduce((total, file) => total + file.size, 0);
}
