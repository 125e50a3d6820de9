import path from 'node:path';
import { defaultCacheDir, parseSize, type CacheOptions } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';

/** The result cache's flags as commander gives them (see `addCacheOptions`). */
export interface CacheFlags {
  /** false with --no-cache. */
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly cacheMaxSize?: string;
}

/**
 * The result cache the flags ask for: --cache-dir (relative to the current
 * directory) or `.pdispatch/cache` in the workspace, capped by --cache-max-size;
 * undefined with --no-cache. Throws CliUsageError for a size it cannot read.
 */
export function resultCacheOf(flags: CacheFlags, workspace: string): CacheOptions | undefined {
  if (flags.cache === false) return undefined;
  const maxBytes = flags.cacheMaxSize === undefined ? undefined : parseSize(flags.cacheMaxSize);
  if (flags.cacheMaxSize !== undefined && maxBytes === undefined) throw new CliUsageError(`--cache-max-size: expected a size such as 500MB or 2GiB, got "${flags.cacheMaxSize}"`);
  return { dir: flags.cacheDir === undefined ? defaultCacheDir(workspace) : path.resolve(flags.cacheDir), ...(maxBytes === undefined ? {} : { maxBytes }) };
}
