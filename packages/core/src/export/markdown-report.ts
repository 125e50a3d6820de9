import { timelineOfRecord } from '../timeline/timeline-of-dispatch.js';
import type { DispatchRecord } from '../tracing/dispatch-record.js';
import { code } from './markdown-format.js';
import { dispatchOutcome, dispatchStatusIcon, totalsLine } from './markdown-summary-lines.js';
import { taskTable } from './markdown-task-table.js';
import { ganttDiagrams } from './mermaid-gantt.js';

/**
 * A dispatch as Markdown, from its trace files: its status, the totals, a row per task and the
 * run as Mermaid gantt diagrams, as the GitHub Action's job summary shows them (without the
 * Action's artifact links and size limit).
 */
export function markdownReport(record: DispatchRecord): string {
  const { index } = record;
  const diagrams = ganttDiagrams(timelineOfRecord(record));
  let text = `## ${dispatchStatusIcon(index)} Dispatch ${code(index.dispatch_id)} — ${dispatchOutcome(index)}\n\n${totalsLine(index.summary)}\n\n`;
  text += taskTable(index.tasks, { errorWidth: 300 });
  if (diagrams.length > 0) text += `\n### Timeline\n\n${diagrams.map((diagram) => `\`\`\`mermaid\n${diagram}\`\`\`\n`).join('\n')}`;
  return text;
}
