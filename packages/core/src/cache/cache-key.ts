import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { CachedFile } from './cache-entry.js';

/** The model a task's result came from: its host only, never the key or the rest of the URL. */
export interface CacheModel {
  readonly provider: string;
  readonly model: string;
  readonly host: string | null;
}

/**
 * Everything known before a task runs that its result depends on. The files it reads as it runs
 * are checked against its entry instead (see `TaskCache`): they are only known afterwards.
 */
export interface CacheKeyParts {
  readonly agent: string;
  readonly agentVersion: string;
  readonly taskId: string;
  readonly description: string;
  /** The input as the agent's schema parsed it (defaults filled in). */
  readonly input: unknown;
  readonly model: CacheModel | null;
  /** Outputs of the task's dependencies, by task id. */
  readonly dependencies: Readonly<Record<string, unknown>>;
  /** The tool patterns, the call budget and the definitions of the servers they may reach; null without tools. */
  readonly tools: unknown;
  /** A command's declared `cache.inputs` and `cache.outputs` and the files the inputs matched, with their hashes. */
  readonly declared: { readonly inputs: readonly string[]; readonly outputs: readonly string[]; readonly files: readonly CachedFile[] } | null;
}

/** Bumped when what goes into a key changes. */
const KEY_FORMAT = 'pdispatch-cache-key/1';

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(KEY_FORMAT).update('\0').update(canonicalJson(parts)).digest('hex');
}

export function cacheModel(provider: string, model: string, baseUrl: string | undefined): CacheModel {
  let host: string | null = null;
  if (baseUrl !== undefined) {
    try {
      host = new URL(baseUrl).host;
    } catch {
      host = null;
    }
  }
  return { provider, model, host };
}
