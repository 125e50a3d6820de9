import { runDispatch, TaskCancelledError, type DispatchResult, type PreparedDispatch, type RerunPlan } from '@parallel-dispatcher/core';
import { EventsLog } from '../events-log.js';
import { ExitCode } from '../exit-codes.js';
import { LiveProgress } from '../progress/live-progress.js';
import { PlainProgress } from '../progress/plain-progress.js';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import type { StdoutDocument } from '../stdout-document.js';
import { terminalSafe } from '../terminal-safe.js';

/** How a dispatch is run and shown, whatever made it. */
export interface ExecutionOptions {
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
  readonly events?: string;
}

/**
 * Runs a validated dispatch the way `run` and `rerun` both do: progress on
 * stderr, events, cancelling on signals, and the result document on stdout.
 */
export async function runPrepared(
  prepared: PreparedDispatch,
  options: ExecutionOptions,
  setExitCode: (code: number) => void,
  document: StdoutDocument,
  rerun?: Pick<RerunPlan, 'priorOutputs' | 'rerunOf'>,
): Promise<void> {
  const events = options.events === undefined ? undefined : await EventsLog.open(options.events);
  const reporter = options.quiet ? undefined : progressReporter();
  if (reporter !== undefined && options.dryRun) process.stderr.write('dry run: nothing is executed\n');
  const controller = new AbortController();
  const stopNow = new AbortController();
  const stopOnSignal = (signal: NodeJS.Signals) => {
    if (stopNow.signal.aborted) process.exit(ExitCode.cancelled); // a third signal: wait for nothing
    if (controller.signal.aborted) {
      process.stderr.write(`${signal} received again: killing running tasks\n`);
      stopNow.abort(new TaskCancelledError(`cancelled by ${signal}`));
      return;
    }
    process.stderr.write(`\n${signal} received: cancelling running tasks (again to kill them at once)\n`);
    controller.abort(new TaskCancelledError(`cancelled by ${signal}`));
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  let result: DispatchResult;
  try {
    result = await runDispatch(prepared, {
      env: process.env,
      signal: controller.signal,
      stopNow: stopNow.signal,
      dryRun: options.dryRun ?? false,
      ...(rerun === undefined ? {} : { priorOutputs: rerun.priorOutputs, rerunOf: rerun.rerunOf }),
      onEvent: (event) => {
        reporter?.onEvent(terminalSafe(event));
        events?.write(event);
      },
    });
  } finally {
    reporter?.close();
    await events?.close();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
  document.print(resultDocument(result));
  if (result.traceError !== undefined) process.stderr.write(`error: ${result.traceError.message}\n`);
  const succeeded = result.status === 'success' && result.traceError === undefined;
  setExitCode(succeeded ? ExitCode.success : result.status === 'cancelled' ? ExitCode.cancelled : ExitCode.taskFailed);
}

function progressReporter(): ProgressReporter {
  return process.stderr.isTTY ? new LiveProgress(process.stderr) : new PlainProgress((text) => process.stderr.write(text));
}

/** From the index runDispatch returns, already redacted. */
function resultDocument(result: DispatchResult) {
  const { index } = result;
  return {
    success: result.status === 'success' && result.traceError === undefined,
    status: result.status,
    dry_run: index.dry_run,
    rerun_of: index.rerun_of,
    correlation_id: index.correlation_id,
    summary: index.summary,
    tasks: index.tasks.map((task) => ({ task_id: task.task_id, status: task.status, duration_ms: task.duration_ms, error: task.error })),
    trace_index: result.indexPath,
    ...(result.traceError === undefined ? {} : { trace_error: result.traceError.message }),
  };
}
