import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';

/**
 * Files up to this size are read synchronously, as `statOf` stats: from the page cache that takes
 * microseconds, where the four round trips of an asynchronous read through the thread pool took
 * ten times as long, and a cache hit hashes every file its task wrote. Larger files are read
 * asynchronously, so a big one never holds up the other tasks.
 */
const SYNC_READ_MAX_BYTES = 64 * 1024;

export function sha256Of(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The file's content hash; null when there is no file there (or it cannot be read, which a task would notice too). */
export async function fileSha256(file: string): Promise<string | null> {
  try {
    const size = statSync(file).size;
    return sha256Of(size <= SYNC_READ_MAX_BYTES ? readFileSync(file) : await fs.readFile(file));
  } catch {
    return null;
  }
}
