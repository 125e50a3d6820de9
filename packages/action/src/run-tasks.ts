import { describeEvent, otlpSettingsOf, readDispatchRecord, runDispatch, type DispatchResult, type ModelClient, type PlanRecord, type PreparedDispatch } from '@parallel-dispatcher/core';
import type { Cancellation } from './cancellation.js';
import { StepResultCache, type ResultCacheReport } from './result-cache/step-result-cache.js';
import { writeReportFiles } from './report-files.js';
import { sendSpans } from './send-spans.js';
import type { StepContext } from './step-context.js';

/** A dispatch planned from a request: its planning record goes into the traces, and the same model answers the request at the end. */
export interface PlannedRun {
  readonly request: string;
  readonly model: ModelClient;
  readonly record: PlanRecord;
}

/** A dispatch that ran, and what the step did with the result cache. */
export interface TasksRun {
  readonly result: DispatchResult;
  readonly cache: ResultCacheReport;
  /** Reports written into the trace directory for the artifact (see `REPORT_FILES`). */
  readonly reports: readonly string[];
}

/**
 * Runs the prepared dispatch, one job-log line per event worth one, with the
 * result cache restored before and saved after; throws
 * DispatchValidationError when the trace directory is refused. `from` names
 * where the tasks came from in the log, `cacheSubject` what the Actions cache
 * entries are keyed on (see `resultCacheKeys`). With `OTEL_EXPORTER_OTLP_ENDPOINT` (or the
 * traces one) set, agents get `TRACEPARENT` and the spans are sent after the run. Writes the
 * artifact's reports (`report.html`, `trace.perfetto.json`) from the same read of the traces.
 */
export async function runTasks(context: StepContext, prepared: PreparedDispatch, env: Record<string, string>, cancellation: Cancellation, from: string, cacheSubject: string, planned?: PlannedRun): Promise<TasksRun> {
  const { log, inputs } = context;
  const cache = await StepResultCache.open(context, prepared, cacheSubject);
  log.info(`running ${prepared.graph.ids.length} task(s) from ${from}, at most ${prepared.config.max_workers} at once; traces in ${prepared.traceDir}`);
  const otlp = otlpSettingsOf(process.env);
  const result = await runDispatch(prepared, {
    env,
    traceContext: otlp !== null,
    secrets: [inputs.modelApiKey, inputs.githubToken].filter((secret): secret is string => secret !== undefined),
    signal: cancellation.signal,
    ...(cache.options === undefined ? {} : { cache: cache.options }),
    stopNow: cancellation.stopNow,
    // A planned task the plan gave no model of its own runs on the planner's.
    ...(planned === undefined ? {} : { synthesis: { model: planned.model, request: planned.request }, planning: { record: planned.record }, modelFor: () => planned.model }),
    onEvent: (event) => {
      const line = describeEvent(event);
      if (line !== undefined) log.info(line);
    },
  });
  if (result.traceError !== undefined) log.warning(result.traceError.message, { title: 'Traces not all written' });
  await cache.save(result.index);
  // The trace files read once, for both the reports in the artifact and the spans.
  const record = await readDispatchRecord(result.indexPath).catch((error: Error) => {
    log.warning(`The HTML report, the Perfetto trace and the spans were not made: ${error.message}`, { title: 'Reports not written' });
    return undefined;
  });
  const reports = record === undefined ? [] : await writeReportFiles(record, prepared.traceDir, log);
  if (otlp !== null && record !== undefined) await sendSpans(record, otlp, log);
  return { result, cache: cache.report(), reports };
}
