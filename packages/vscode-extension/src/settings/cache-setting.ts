import { defaultCacheDir, parseSize, type CacheOptions } from '@parallel-dispatcher/core';

/** `parallelDispatcher.cache.enabled` and `parallelDispatcher.cache.maxSize` as the user wrote them. */
export interface CacheSetting {
  readonly enabled: boolean;
  /** Undefined keeps the dispatch file's `config.cache_max_size` (1 GiB when it has none). */
  readonly maxSize: string | undefined;
}

/** What a run gives core: no cache, the workspace's cache folder, or why the setting cannot be used. */
export type CacheChoice = { readonly ok: true; readonly cache: CacheOptions | undefined } | { readonly ok: false; readonly problem: string };

/** The result cache a dispatch in `workspace` runs with: `.pdispatch/cache` there, as the CLI keeps it. */
export function cacheChoice(setting: CacheSetting, workspace: string): CacheChoice {
  if (!setting.enabled) return { ok: true, cache: undefined };
  const dir = defaultCacheDir(workspace);
  if (setting.maxSize === undefined) return { ok: true, cache: { dir } };
  const maxBytes = parseSize(setting.maxSize);
  if (maxBytes === undefined || maxBytes <= 0) {
    return { ok: false, problem: `Setting parallelDispatcher.cache.maxSize: expected a size such as 500MB or 1GiB, got "${setting.maxSize}".` };
  }
  return { ok: true, cache: { dir, maxBytes } };
}
