import path from 'node:path';
import { htmlReport, perfettoTrace, writeFileAtomic, type DispatchRecord } from '@parallel-dispatcher/core';
import type { StepLog } from './step-log.js';

/** The reports the Action adds to the trace artifact, beside the traces they are made from. */
export const REPORT_FILES = { html: 'report.html', perfetto: 'trace.perfetto.json' } as const;

/**
 * Writes the dispatch's self-contained HTML report and its Perfetto trace into the trace
 * directory, so the artifact carries them. Returns the names written; a failure is a warning,
 * never a failed step, since the traces themselves are whole without them.
 */
export async function writeReportFiles(record: DispatchRecord, traceDir: string, log: Pick<StepLog, 'warning'>): Promise<string[]> {
  try {
    await writeFileAtomic(path.join(traceDir, REPORT_FILES.html), htmlReport(record));
    await writeFileAtomic(path.join(traceDir, REPORT_FILES.perfetto), perfettoTrace(record));
    return [REPORT_FILES.html, REPORT_FILES.perfetto];
  } catch (error) {
    log.warning(`The HTML report and the Perfetto trace were not written: ${(error as Error).message}`, { title: 'Reports not written' });
    return [];
  }
}
