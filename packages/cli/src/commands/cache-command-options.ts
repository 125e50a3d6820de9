/** What `pdispatch cache info` and `cache prune` were given. */
export interface CacheCommandOptions {
  readonly cacheDir?: string;
  readonly maxSize?: string;
  readonly json?: boolean;
}
