import { TaskCancelledError } from '@parallel-dispatcher/core';

/** The step's two ways to stop: cancel (tasks get SIGTERM and a grace) and stop now (SIGKILL at once). */
export interface Cancellation {
  readonly signal: AbortSignal;
  readonly stopNow: AbortSignal;
  /** Stops listening for the signals. */
  readonly dispose: () => void;
}

/**
 * Listens for what the runner sends when the job is cancelled: SIGINT, then
 * SIGTERM some seconds later, then SIGKILL. The first cancels the dispatch, so
 * it stops its tasks, completes its traces and the step still uploads them;
 * the second kills the tasks' processes at once, so that is done before SIGKILL.
 */
export function cancelOnTermination(log: (message: string) => void): Cancellation {
  const cancel = new AbortController();
  const stopNow = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!cancel.signal.aborted) {
      log(`${signal} received: cancelling the dispatch; the traces are still completed and uploaded`);
      cancel.abort(new TaskCancelledError(`cancelled by ${signal} (the job was cancelled)`));
    } else if (!stopNow.signal.aborted) {
      log(`${signal} received again: killing the tasks' processes now`);
      stopNow.abort(new TaskCancelledError(`cancelled by ${signal} (the job was cancelled)`));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: cancel.signal,
    stopNow: stopNow.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
