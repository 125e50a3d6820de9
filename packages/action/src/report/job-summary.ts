import type { DispatchIndex, ValidationIssue } from '@parallel-dispatcher/core';
import { fitRendering, utf8Bytes } from './fit.js';
import { code } from './format.js';
import { ganttDiagrams } from './gantt.js';
import type { ReportContext } from './report-context.js';
import { artifactLine, invalidStatusLine, issueList, statusLine, totalsLine } from './report-parts.js';
import { taskTable } from './task-table.js';

/** GitHub refuses a step summary over 1 MiB; keep some room for other steps' markup. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 4096;

/**
 * The job summary of a dispatch: status, totals, a table of every task, the
 * run as Mermaid gantt diagrams and where the traces are. Too big for
 * `maxBytes`, it drops the gantt, then cuts the table ("… N more tasks").
 */
export function jobSummary(index: DispatchIndex, context: ReportContext, maxBytes = SUMMARY_MAX_BYTES): string {
  const diagrams = ganttDiagrams(index.tasks);
  const render = (rows: number, withGantt: boolean) => {
    let text = `## ${statusLine(index, context)}\n\n${totalsLine(index.summary)}\n\n`;
    text += taskTable(index.tasks, { limit: rows, errorWidth: 300 });
    if (diagrams.length > 0) {
      text += '\n### Timeline\n\n';
      text += withGantt
        ? diagrams.map((diagram) => `\`\`\`mermaid\n${diagram}\`\`\`\n`).join('\n')
        : '_The timeline is left out to keep this summary under GitHub’s 1 MiB limit; the traces have every time._\n';
    }
    text += `\n${artifactLine(context.artifact)}\n\nDispatch ${code(index.dispatch_id)}${context.runUrl === undefined ? '' : ` · [workflow run](${context.runUrl})`}\n`;
    return text;
  };
  return fitRendering(render, index.tasks.length, utf8Bytes, maxBytes);
}

/** The job summary of a dispatch file that did not pass validation. */
export function invalidDispatchSummary(dispatchFile: string, issues: readonly ValidationIssue[], maxBytes = SUMMARY_MAX_BYTES): string {
  const render = (rows: number) => `## ${invalidStatusLine(dispatchFile, issues.length)}\n\n${issueList(issues, rows)}`;
  return fitRendering(render, issues.length, utf8Bytes, maxBytes);
}
