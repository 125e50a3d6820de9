import { runDispatch, TaskCancelledError, type DispatchResult } from '@parallel-dispatcher/core';
import { Command, Option } from 'commander';
import { EventsLog } from '../events-log.js';
import { ExitCode } from '../exit-codes.js';
import { LiveProgress } from '../progress/live-progress.js';
import { PlainProgress } from '../progress/plain-progress.js';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import { addDispatchOptions, loadDispatch, type LoadOptions } from './load-dispatch.js';

interface RunOptions extends LoadOptions {
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
  readonly events?: string;
}

export function runCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('run')
    .description('validate a dispatch file, then run its tasks in parallel and write traces')
    .argument('<file>', 'dispatch file (JSON or YAML), or - to read stdin');
  return addDispatchOptions(command)
    .option('--dry-run', 'schedule and trace every task without running any agent')
    .addOption(new Option('--events <file>', 'write scheduler events as NDJSON to a file (- for stderr)'))
    .option('-q, --quiet', 'print no progress on stderr')
    .addHelpText(
      'after',
      `
stdout carries one JSON document: { success, status, correlation_id, summary, tasks, trace_index }
(and trace_error when traces could not all be written).
Exit codes: 0 all tasks succeeded, 1 a task failed or was skipped or traces could not be written, 2 invalid dispatch or usage, 130 cancelled.`,
    )
    .action(async (file: string, options: RunOptions) => {
      const prepared = await loadDispatch(file, options);
      const reporter = options.quiet ? undefined : progressReporter();
      const events = options.events === undefined ? undefined : new EventsLog(options.events);
      const controller = new AbortController();
      const stopOnSignal = (signal: NodeJS.Signals) => {
        if (controller.signal.aborted) process.exit(ExitCode.cancelled); // a second signal: stop now
        process.stderr.write(`\n${signal} received: cancelling running tasks (again to stop at once)\n`);
        controller.abort(new TaskCancelledError(`cancelled by ${signal}`));
      };
      process.on('SIGINT', stopOnSignal);
      process.on('SIGTERM', stopOnSignal);
      let result: DispatchResult;
      try {
        result = await runDispatch(prepared, {
          env: process.env,
          signal: controller.signal,
          dryRun: options.dryRun ?? false,
          onEvent: (event) => {
            reporter?.onEvent(event);
            events?.write(event);
          },
        });
      } finally {
        reporter?.close();
        await events?.close();
        process.off('SIGINT', stopOnSignal);
        process.off('SIGTERM', stopOnSignal);
      }
      process.stdout.write(`${JSON.stringify(resultDocument(result), null, 2)}\n`);
      if (result.traceError !== undefined) process.stderr.write(`error: ${result.traceError.message}\n`);
      const succeeded = result.status === 'success' && result.traceError === undefined;
      setExitCode(succeeded ? ExitCode.success : result.status === 'cancelled' ? ExitCode.cancelled : ExitCode.taskFailed);
    });
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
    correlation_id: index.correlation_id,
    summary: index.summary,
    tasks: index.tasks.map((task) => ({ task_id: task.task_id, status: task.status, duration_ms: task.duration_ms, error: task.error })),
    trace_index: result.indexPath,
    ...(result.traceError === undefined ? {} : { trace_error: result.traceError.message }),
  };
}
