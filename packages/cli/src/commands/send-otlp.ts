import { readDispatchRecord, sendDispatchRecord, type DispatchRecord, type OtlpSettings } from '@parallel-dispatcher/core';
import { terminalSafe } from '../terminal-safe.js';

/**
 * Sends a dispatch's spans to the OTLP collector, saying on stderr what became of it: a collector
 * that cannot be reached gets one warning line and changes nothing else (the exit code included).
 */
export async function sendToCollector(dispatch: string | DispatchRecord, settings: OtlpSettings, quiet = false): Promise<boolean> {
  for (const warning of settings.warnings) process.stderr.write(`warning: ${warning}\n`);
  let record: DispatchRecord;
  try {
    record = typeof dispatch === 'string' ? await readDispatchRecord(dispatch) : dispatch;
  } catch (error) {
    return failed(settings, (error as Error).message);
  }
  const result = await sendDispatchRecord(record, settings);
  if (!result.sent) return failed(settings, result.reason);
  if (!quiet) process.stderr.write(`sent ${result.spanCount} spans of ${record.index.dispatch_id} to ${settings.endpoint}\n`);
  return true;
}

function failed(settings: OtlpSettings, reason: string): false {
  process.stderr.write(`warning: could not send the dispatch's spans to ${settings.endpoint}: ${terminalSafe(reason)}\n`);
  return false;
}
