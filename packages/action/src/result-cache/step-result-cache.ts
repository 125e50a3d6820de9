import path from 'node:path';
import * as actionsCache from '@actions/cache';
import { defaultCacheDir, type CacheOptions, type DispatchIndex, type PreparedDispatch } from '@parallel-dispatcher/core';
import type { StepContext } from '../step-context.js';
import { resultCacheKeys, type ResultCacheKeys } from './cache-keys.js';

/** What the step did with the result cache, for the reports. */
export type ResultCacheReport =
  | { readonly kind: 'off'; readonly reason: string }
  /** The Actions cache service could not be used: the folder was used as the job left it. */
  | { readonly kind: 'local'; readonly reason: string }
  | { readonly kind: 'service'; readonly restoredFrom: string | undefined; readonly savedAs: string | undefined };

/**
 * The result cache of one step: core's cache folder (`.pdispatch/cache` in
 * the dispatch's workspace), restored from the Actions cache before the
 * tasks run and saved after them when they stored new results, so the next
 * push re-runs only the tasks whose inputs changed. The cache service is
 * optional: when it fails, the step warns and goes on.
 */
export class StepResultCache {
  private restoredFrom: string | undefined;
  private savedAs: string | undefined;

  private constructor(
    private readonly context: StepContext,
    /** What core's runDispatch takes; undefined when the cache is off. */
    readonly options: CacheOptions | undefined,
    private readonly keys: ResultCacheKeys,
    /** Why the step does not use the cache service, or why it uses no cache at all. */
    private readonly unavailable: ResultCacheReport | undefined,
  ) {}

  /** Restores the folder from the Actions cache, unless the `cache` input or the dispatch's `config.cache` turns the cache off. */
  static async open(context: StepContext, prepared: PreparedDispatch, subject: string): Promise<StepResultCache> {
    const keys = resultCacheKeys(context.runner, subject);
    if (!context.inputs.cache) return new StepResultCache(context, undefined, keys, { kind: 'off', reason: 'the cache input is false' });
    if (prepared.config.cache === false) return new StepResultCache(context, undefined, keys, { kind: 'off', reason: 'the dispatch file sets config.cache: false' });
    const options = { dir: defaultCacheDir(prepared.workspace) };
    if (!actionsCache.isFeatureAvailable()) {
      const reason = 'the Actions cache service is not available to this step (no ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL)';
      context.log.info(`result cache: ${reason}; using ${options.dir} as the job left it`);
      return new StepResultCache(context, options, keys, { kind: 'local', reason });
    }
    const cache = new StepResultCache(context, options, keys, undefined);
    await cache.restore(options.dir);
    return cache;
  }

  /** Saves the folder under this run's key when the dispatch stored new results in it. */
  async save(index: DispatchIndex): Promise<void> {
    const stored = index.summary.cache?.stored ?? 0;
    if (this.options === undefined || this.unavailable !== undefined || stored === 0) return;
    const { log } = this.context;
    try {
      // The toolkit itself warns when it could not save (another job saving the same key, the service refusing), and returns -1.
      if ((await actionsCache.saveCache(this.paths(this.options.dir), this.keys.key)) === -1) return;
      this.savedAs = this.keys.key;
      log.info(`result cache: saved ${stored} new result(s) as ${this.keys.key}`);
    } catch (error) {
      log.warning(`result cache: could not save ${this.options.dir}: ${(error as Error).message}`, { title: 'Result cache not saved' });
    }
  }

  report(): ResultCacheReport {
    return this.unavailable ?? { kind: 'service', restoredFrom: this.restoredFrom, savedAs: this.savedAs };
  }

  private async restore(dir: string): Promise<void> {
    const { log } = this.context;
    try {
      this.restoredFrom = await actionsCache.restoreCache(this.paths(dir), this.keys.key, [...this.keys.restoreKeys]);
    } catch (error) {
      log.warning(`result cache: could not restore ${dir}: ${(error as Error).message}`, { title: 'Result cache not restored' });
      return;
    }
    log.info(this.restoredFrom === undefined ? `result cache: nothing saved yet under ${this.keys.restoreKeys.join(' or ')}; the tasks run` : `result cache: restored ${dir} from ${this.restoredFrom}`);
  }

  /** The folder as the toolkit wants it: relative to the workspace it archives from, the same on every run (it is part of the entry's version). */
  private paths(dir: string): string[] {
    return [path.relative(this.context.runner.repositoryRoot, dir)];
  }
}
