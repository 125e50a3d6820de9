import { TaskCancelledError } from '@parallel-dispatcher/core';
import { ExitCode } from '../exit-codes.js';

/**
 * Cancels a step that is not a dispatch (planning, the confirmation prompt)
 * on SIGINT or SIGTERM; a second signal exits at once. Returns what stops
 * listening.
 */
export function cancelOnSignals(controller: AbortController, what: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(ExitCode.cancelled);
    process.stderr.write(`\n${signal} received: cancelling ${what} (again to exit at once)\n`);
    controller.abort(new TaskCancelledError(`cancelled by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
