import { z } from 'zod';

/** Bumped when entries change shape; entries of another version are misses. */
export const CACHE_ENTRY_VERSION = 1;

const fileStateSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /**
   * The file's size, modification time and inode when it was hashed, if it was last changed well
   * before: a file that still has all three is taken as unchanged without being read again (as
   * git's index does). Anything else, a copy on another machine included, is hashed.
   */
  stat: z.object({ size: z.number(), mtime_ms: z.number(), ino: z.number() }).optional(),
});

/** A task's stored result, in `<cache>/entries/<key>.json`; the files it wrote are blobs beside it. */
export const cacheEntrySchema = z.object({
  version: z.literal(CACHE_ENTRY_VERSION),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  agent: z.string(),
  created_at: z.string(),
  output: z.unknown(),
  /** Files the task read (null: it looked and found none); a hit needs each unchanged. */
  reads: z.array(fileStateSchema),
  /**
   * Files the task wrote and their content's blob; a hit writes back those that differ. With
   * `previous_sha256` (null: there was none), a hit also needs the file as the task found it or left it.
   */
  writes: z.array(fileStateSchema.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/), previous_sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().optional() })),
  /** What the run that made it spent: what a hit saves. */
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
});

export type CacheEntry = z.infer<typeof cacheEntrySchema>;
export type CachedFile = CacheEntry['reads'][number];
export type CachedWrite = CacheEntry['writes'][number];
