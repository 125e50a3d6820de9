import fs from 'node:fs';

export interface FileStat {
  readonly size: number;
  readonly mtime_ms: number;
  readonly ino: number;
}

/**
 * A file changed this recently may change again within the file system's timestamp resolution
 * without its stat changing ("racy git"), so its stat is not trusted: it is hashed each time.
 */
const SETTLED_MS = 3000;

/** The stat to record beside a file's hash; undefined when it is missing or changed too recently to be trusted. */
export function settledStat(file: string, now = Date.now()): FileStat | undefined {
  const stat = statOf(file);
  return stat !== undefined && now - stat.mtime_ms > SETTLED_MS ? stat : undefined;
}

/** Synchronous: a stat of a local file takes microseconds, where a round trip through the thread pool takes tens. */
export function statOf(file: string): FileStat | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? { size: stat.size, mtime_ms: stat.mtimeMs, ino: stat.ino } : undefined;
  } catch {
    return undefined;
  }
}

export function sameStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtime_ms === b.mtime_ms && a.ino === b.ino;
}
