import { sendDispatchRecord, type DispatchRecord, type OtlpSettings } from '@parallel-dispatcher/core';
import type { StepLog } from './step-log.js';

/** Sends the dispatch's spans to the collector the workflow's `OTEL_*` variables name; a failure is a warning, never a failed step. */
export async function sendSpans(record: DispatchRecord, settings: OtlpSettings, log: Pick<StepLog, 'info' | 'warning'>): Promise<void> {
  for (const warning of settings.warnings) log.warning(warning, { title: 'OpenTelemetry' });
  try {
    const result = await sendDispatchRecord(record, settings);
    if (result.sent) log.info(`sent ${result.spanCount} spans to ${settings.endpoint}`);
    else log.warning(`The dispatch's spans were not sent to ${settings.endpoint}: ${result.reason}`, { title: 'OpenTelemetry' });
  } catch (error) {
    log.warning(`The dispatch's spans were not sent to ${settings.endpoint}: ${(error as Error).message}`, { title: 'OpenTelemetry' });
  }
}
