import { formatTokens, otlpSettingsOf, runDispatch, TaskCancelledError, type DispatchResult, type PreparedDispatch, type RerunPlan, type RunDispatchOptions } from '@parallel-dispatcher/core';
import { EventsLog } from '../events-log.js';
import { ExitCode } from '../exit-codes.js';
import { LiveProgress } from '../progress/live-progress.js';
import { PlainProgress } from '../progress/plain-progress.js';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import type { StdoutDocument } from '../stdout-document.js';
import { terminalSafe } from '../terminal-safe.js';
import { answerText } from './answer-text.js';
import { resultCacheOf, type CacheFlags } from './cache-flags.js';
import { sendToCollector } from './send-otlp.js';

/** How a dispatch is run and shown, whatever made it. */
export interface ExecutionOptions extends CacheFlags {
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
  readonly events?: string;
  /** The OTLP/HTTP endpoint the dispatch's spans go to (else OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT). */
  readonly otlp?: string;
}

/** What a command adds to a plain run: the rerun's recorded outputs, the plan it came from, the synthesis after it. */
export interface RunAdditions {
  readonly rerun?: Pick<RerunPlan, 'priorOutputs' | 'rerunOf'>;
  readonly planning?: RunDispatchOptions['planning'];
  readonly synthesis?: RunDispatchOptions['synthesis'];
}

/**
 * Runs a validated dispatch the way `run`, `rerun` and `ask` all do:
 * progress on stderr, events, cancelling on signals, and the result document
 * on stdout.
 */
export async function runPrepared(prepared: PreparedDispatch, options: ExecutionOptions, setExitCode: (code: number) => void, document: StdoutDocument, additions: RunAdditions = {}): Promise<void> {
  const { result, signalled } = await executePrepared(prepared, options, additions);
  document.print(resultDocument(result));
  const synthesis = result.index.synthesis;
  // stdout is the document; the answer is for whoever watches stderr.
  if (!options.quiet && synthesis?.answer != null) process.stderr.write(`\n${answerText({ answer: synthesis.answer, highlights: synthesis.highlights, follow_ups: synthesis.follow_ups })}\n`);
  reportResult(result, options);
  setExitCode(exitCodeOf(result, signalled));
}

export interface ExecutedDispatch {
  readonly result: DispatchResult;
  /** SIGINT or SIGTERM arrived: after the tasks ended it cancels the synthesis, which leaves the dispatch's status as it was. */
  readonly signalled: boolean;
}

/** Runs a validated dispatch with progress on stderr, events, and cancelling on signals; prints nothing on stdout. */
export async function executePrepared(prepared: PreparedDispatch, options: ExecutionOptions, additions: RunAdditions = {}): Promise<ExecutedDispatch> {
  const cache = resultCacheOf(options, prepared.workspace);
  const events = options.events === undefined ? undefined : await EventsLog.open(options.events);
  const reporter = options.quiet ? undefined : progressReporter();
  // A dry run ran nothing a collector should see.
  const otlp = options.dryRun ? null : otlpSettingsOf(process.env, options.otlp);
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
  let signalled: boolean;
  try {
    result = await runDispatch(prepared, {
      env: process.env,
      signal: controller.signal,
      stopNow: stopNow.signal,
      dryRun: options.dryRun ?? false,
      traceContext: otlp !== null,
      ...(cache === undefined ? {} : { cache }),
      ...(additions.rerun === undefined ? {} : { priorOutputs: additions.rerun.priorOutputs, rerunOf: additions.rerun.rerunOf }),
      ...(additions.planning === undefined ? {} : { planning: additions.planning }),
      ...(additions.synthesis === undefined ? {} : { synthesis: additions.synthesis }),
      onEvent: (event) => {
        reporter?.onEvent(terminalSafe(event));
        events?.write(event);
      },
    });
    signalled = controller.signal.aborted;
  } finally {
    reporter?.close();
    await events?.close();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
  // After the progress has closed, so its lines and this one do not mix.
  if (otlp !== null) await sendToCollector(result.indexPath, otlp, options.quiet);
  return { result, signalled };
}

/** Every task succeeded, every trace was written, and the synthesis (when asked for) answered. */
function succeeded(result: DispatchResult): boolean {
  return result.status === 'success' && result.traceError === undefined && result.index.synthesis?.error == null;
}

export function exitCodeOf(result: DispatchResult, signalled: boolean): ExitCode {
  if (signalled) return ExitCode.cancelled;
  if (succeeded(result)) return ExitCode.success;
  return result.status === 'cancelled' ? ExitCode.cancelled : ExitCode.taskFailed;
}

/** What stderr adds after the progress: traces that could not be written, a synthesis that failed. */
export function reportResult(result: DispatchResult, options: ExecutionOptions): void {
  if (result.traceError !== undefined) process.stderr.write(`error: ${result.traceError.message}\n`);
  const error = result.index.synthesis?.error;
  if (error != null) process.stderr.write(`error: the synthesis failed: ${terminalSafe(error)}\n`);
  if (!options.quiet && result.index.synthesis != null) process.stderr.write(`${tokensLine(result)}\n`);
}

function progressReporter(): ProgressReporter {
  return process.stderr.isTTY ? new LiveProgress(process.stderr) : new PlainProgress((text) => process.stderr.write(text));
}

/** From the index runDispatch returns, already redacted. */
export function resultDocument(result: DispatchResult) {
  const { index } = result;
  return {
    success: succeeded(result),
    status: result.status,
    dry_run: index.dry_run,
    rerun_of: index.rerun_of,
    correlation_id: index.correlation_id,
    ...(index.planned_from == null ? {} : { planned_from: index.planned_from }),
    summary: index.summary,
    tasks: index.tasks.map((task) => ({ task_id: task.task_id, status: task.status, duration_ms: task.duration_ms, error: task.error })),
    ...(index.synthesis == null ? {} : { synthesis: index.synthesis }),
    trace_index: result.indexPath,
    ...(result.traceError === undefined ? {} : { trace_error: result.traceError.message }),
  };
}

/** The last line of a planned or synthesised run: tokens over every stage, then each stage's. */
function tokensLine(result: DispatchResult): string {
  const { summary } = result.index;
  const stages = Object.entries(summary.tokens_by_stage ?? {})
    .map(([stage, tokens]) => `${stage} ${formatTokens(tokens.input_tokens, tokens.output_tokens)}`)
    .join(' · ');
  return `tokens: ${formatTokens(summary.input_tokens, summary.output_tokens)}${stages === '' ? '' : ` (${stages})`}`;
}
