import path from 'node:path';
import type { ModelClient } from '../models/model-client.js';
import type { PreparedDispatch, PreparedTask } from '../dispatch/prepared-dispatch.js';
import type { TaskJournal } from '../dispatch/task-journal.js';
import type { TaskCacheRecord } from '../tracing/trace-format.js';
import { cacheKey, cacheModel, type CacheModel } from './cache-key.js';
import { CacheStore } from './cache-store.js';
import { declaredFiles } from './declared-files.js';
import { DEFAULT_CACHE_MAX_BYTES, parseSize } from './parse-size.js';
import { TaskCache, type TaskResult } from './task-cache.js';

/** Where a host keeps the cache unless told otherwise: `.pdispatch/cache` in the workspace. */
export function defaultCacheDir(workspace: string): string {
  return path.join(workspace, '.pdispatch', 'cache');
}

export interface CacheOptions {
  /** The cache folder (see `defaultCacheDir`). */
  readonly dir: string;
  /** Overrides `config.cache_max_size`; 1 GiB when neither is given. */
  readonly maxBytes?: number;
}

/** What a task's lookup found: its result (a hit), or the key to store it under once it has run. */
export type CacheLookup = { readonly hit: true; readonly output: unknown } | { readonly hit: false; readonly pending: Omit<TaskResult, 'output' | 'files' | 'inputTokens' | 'outputTokens'> };

/** The result cache as one dispatch uses it: which tasks it applies to, their keys, and the size cap at the end. */
export class DispatchCache {
  private readonly cache: TaskCache;

  private constructor(
    private readonly prepared: PreparedDispatch,
    private readonly maxBytes: number,
    dir: string,
  ) {
    this.cache = new TaskCache(new CacheStore(dir), prepared.workspace);
  }

  /** Undefined when the dispatch's config turns caching off. */
  static open(prepared: PreparedDispatch, options: CacheOptions): DispatchCache | undefined {
    if (prepared.config.cache === false) return undefined;
    const configured = prepared.config.cache_max_size === undefined ? undefined : parseSize(prepared.config.cache_max_size);
    return new DispatchCache(prepared, options.maxBytes ?? configured ?? DEFAULT_CACHE_MAX_BYTES, options.dir);
  }

  /** Model-backed tasks, and commands that declare their inputs; never a task with `cache: false`. */
  applies(task: PreparedTask): boolean {
    if (task.spec.cache === false) return false;
    return task.agent.usesModel || task.spec.cache !== undefined;
  }

  /** Looks the task up; on a hit its written files are restored and its journal says so. */
  async lookup(id: string, dependencies: Readonly<Record<string, unknown>>, model: ModelClient | undefined, journal: TaskJournal): Promise<CacheLookup> {
    const task = this.prepared.tasks.get(id)!;
    const spec = task.spec.cache === false ? undefined : task.spec.cache;
    const declared = spec === undefined ? null : { inputs: spec.inputs, outputs: spec.outputs ?? [], files: await declaredFiles(this.prepared.workspace, spec.inputs) };
    const key = cacheKey({
      agent: task.spec.agent,
      agentVersion: task.agent.version,
      taskId: id,
      description: task.spec.description,
      input: task.input,
      model: modelOf(task, model),
      dependencies,
      tools: task.tools === undefined ? null : { ...task.tools, servers: this.prepared.mcpServers },
      declared,
    });
    const hit = await this.cache.lookup(key);
    if (hit === undefined) {
      journal.cache = { status: 'miss', key, stored: false, reason: null, saved_input_tokens: 0, saved_output_tokens: 0, restored_files: [] };
      return { hit: false, pending: { key, agent: task.spec.agent, declared } };
    }
    const restored = hit.restored.map((write) => write.path);
    journal.cache = { status: 'hit', key, stored: false, reason: null, saved_input_tokens: hit.entry.input_tokens, saved_output_tokens: hit.entry.output_tokens, restored_files: restored };
    for (const read of hit.entry.reads) journal.file(read.sha256 === null ? { path: read.path, action: 'not_found' } : { path: read.path, action: 'read', sha256: read.sha256 });
    journal.progress(restored.length === 0 ? 'cache hit: reusing the stored result' : `cache hit: reusing the stored result and restoring ${restored.join(', ')}`);
    return { hit: true, output: hit.entry.output };
  }

  /** Stores a task's successful result; a failure to store is recorded, never fatal. */
  async save(pending: Extract<CacheLookup, { hit: false }>['pending'], output: unknown, journal: TaskJournal): Promise<void> {
    let reason: string | undefined;
    try {
      reason = await this.cache.save({ ...pending, output, files: journal.files, inputTokens: journal.inputTokens, outputTokens: journal.outputTokens });
    } catch (error) {
      reason = `the cache could not be written: ${(error as Error).message}`;
    }
    if (journal.cache !== null) journal.cache = { ...journal.cache, stored: reason === undefined, reason: reason ?? null };
  }

  /** Keeps the folder within its size cap, the least recently used results going first. */
  async close(): Promise<void> {
    const info = await this.cache.store.info();
    if (info.bytes > this.maxBytes) await this.cache.store.prune(this.maxBytes).catch(() => undefined);
  }
}

function modelOf(task: PreparedTask, client: ModelClient | undefined): CacheModel | null {
  if (task.model !== undefined) return cacheModel(task.model.provider, task.model.model, task.model.baseUrl);
  return client === undefined ? null : cacheModel(client.provider, client.model, undefined);
}
