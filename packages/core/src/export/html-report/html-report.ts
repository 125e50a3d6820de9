import { timelineOfRecord } from '../../timeline/timeline-of-dispatch.js';
import type { DispatchRecord } from '../../tracing/dispatch-record.js';
import { embedJson } from './embed-json.js';
import { reportData } from './report-data.js';
import { reportPage } from './report-page.js';
import { REPORT_SCRIPT } from './report-script.js';
import { REPORT_STYLE } from './report-style.js';

/**
 * A dispatch as one self-contained HTML page (`pdispatch export --format html`): header, timeline,
 * task table with filters and each task's details, plan and answer. It loads nothing from anywhere
 * (a strict CSP allows only its own inline style and script) and works opened from disk.
 * `now` ends what still runs when the dispatch has not finished.
 */
export function htmlReport(record: DispatchRecord, now = Date.now()): string {
  const data = reportData(record, timelineOfRecord(record, now));
  return reportPage({ title: `Dispatch ${data.dispatchId} · ${data.status}`, style: REPORT_STYLE, script: REPORT_SCRIPT, dataJson: embedJson(data) });
}
