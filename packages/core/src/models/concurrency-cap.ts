import pLimit from 'p-limit';

/** Runs calls at most `max` at a time (unlimited when undefined). */
export type ConcurrencyCap = <T>(signal: AbortSignal, run: () => Promise<T>) => Promise<T>;

/**
 * A p-limit queue that callers can leave: a call whose signal aborts while it
 * waits for a slot rejects at once with the signal's reason instead of
 * waiting its turn, and never runs.
 */
export function concurrencyCap(max: number | undefined): ConcurrencyCap {
  const limit = pLimit(max ?? Number.POSITIVE_INFINITY);
  return async (signal, run) => {
    signal.throwIfAborted();
    const queued = limit(() => (signal.aborted ? Promise.reject(signal.reason) : run()));
    // After an abort nobody awaits `queued`; its eventual rejection is expected.
    queued.catch(() => undefined);
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([queued, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
}
