import { TaskCancelledError } from '@parallel-dispatcher/core';

/**
 * Aborts `controller` on SIGINT or SIGTERM (what the runner sends when the
 * job is cancelled), so the dispatch stops its tasks, completes its traces,
 * and the step still uploads them. Returns a function that stops listening.
 */
export function cancelOnTermination(controller: AbortController, log: (message: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    log(`${signal} received: cancelling the dispatch; the traces are still completed and uploaded`);
    controller.abort(new TaskCancelledError(`cancelled by ${signal} (the job was cancelled)`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
