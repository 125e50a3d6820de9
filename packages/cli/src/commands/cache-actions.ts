import path from 'node:path';
import { CacheStore, defaultCacheDir, parseSize } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';
import type { CacheCommandOptions } from './cache.js';

function storeOf(options: CacheCommandOptions): CacheStore {
  return new CacheStore(options.cacheDir === undefined ? defaultCacheDir(process.cwd()) : path.resolve(options.cacheDir));
}

export async function cacheInfo(options: CacheCommandOptions): Promise<void> {
  const info = await storeOf(options).info();
  if (options.json) process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
  else process.stdout.write(`cache: ${info.dir}\nresults: ${info.entries}\nfiles kept: ${info.blobs}\nsize: ${formatBytes(info.bytes)}\n`);
}

export async function cachePrune(options: CacheCommandOptions): Promise<void> {
  const maxBytes = options.maxSize === undefined ? 0 : parseSize(options.maxSize);
  if (maxBytes === undefined) throw new CliUsageError(`--max-size: expected a size such as 500MB or 1GiB, got "${options.maxSize}"`);
  const store = storeOf(options);
  const result = await store.prune(maxBytes);
  if (options.json) process.stdout.write(`${JSON.stringify({ dir: store.dir, ...result }, null, 2)}\n`);
  else process.stdout.write(`removed ${result.removedEntries} result${result.removedEntries === 1 ? '' : 's'} and ${result.removedBlobs} file${result.removedBlobs === 1 ? '' : 's'}: ${formatBytes(result.bytesBefore)} → ${formatBytes(result.bytesAfter)} (${store.dir})\n`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
