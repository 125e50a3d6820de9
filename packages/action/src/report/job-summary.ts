import { buildTimeline, markdownCode as code, type DispatchIndex, ganttDiagrams, plural, taskTable, timelineSourceOfIndex, totalsLine, type ValidationIssue } from '@parallel-dispatcher/core';
import { fitRendering, utf8Bytes } from './fit.js';
import { answerSection, invalidPlanNote, planBlock, requestQuote } from './plan-sections.js';
import type { ArtifactState, PlanReport, ReportContext } from './report-context.js';
import { artifactLine, invalidStatusLine, issueList, statusLine } from './report-parts.js';
import { spendingLines } from './spending-lines.js';
import { failedToolCallsSection } from './tool-call-section.js';

/** GitHub refuses a step summary over 1 MiB; keep some room for other steps' markup. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 4096;

/**
 * The job summary of a dispatch: status, totals, a table of every task, the
 * failed tasks' tool calls, the run as Mermaid gantt diagrams and where the
 * traces are. Too big for `maxBytes`, it drops the tool calls and the gantt,
 * then cuts the table ("… N more tasks").
 * A dispatch planned from a request first shows the request, the answer and the plan.
 */
export function jobSummary(index: DispatchIndex, context: ReportContext, maxBytes = SUMMARY_MAX_BYTES): string {
  const diagrams = ganttDiagrams(buildTimeline(timelineSourceOfIndex(index), Date.now()));
  const toolCalls = failedToolCallsSection(context.failedToolCalls ?? []);
  const plan = context.plan === undefined ? '' : `${planSections(context.plan, context.dispatchFile)}### Results\n\n`;
  const render = (rows: number, withExtras: boolean) => {
    let text = `## ${statusLine(index, context)}\n\n${plan}${totalsLine(index.summary)}\n\n${spendingLines(index.summary, context.cache)}`;
    text += taskTable(index.tasks, { limit: rows, errorWidth: 300, restAreIn: 'the trace artifact' });
    if (toolCalls !== '') {
      text += withExtras ? `\n${toolCalls}` : '\n_The tool calls of failed tasks are left out to keep this summary under GitHub’s 1 MiB limit; the traces have every call._\n';
    }
    if (diagrams.length > 0) {
      text += '\n### Timeline\n\n';
      text += withExtras
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
  const render = (rows: number) => `## ${invalidStatusLine({ dispatchFile }, issues.length)}\n\n${issueList(issues, rows)}`;
  return fitRendering(render, issues.length, utf8Bytes, maxBytes);
}

/** The job summary of a plan still invalid after the repair rounds: the request, every problem, where the plan is. */
export function invalidPlanSummary(request: string, issues: readonly ValidationIssue[], artifact: ArtifactState, maxBytes = SUMMARY_MAX_BYTES): string {
  const render = (rows: number) =>
    `## ${invalidStatusLine({ request }, issues.length)}\n\n${requestQuote(request, 10_000)}\n${issueList(issues, rows)}\n${invalidPlanNote(artifact)}${artifactLine(artifact)}\n`;
  return fitRendering(render, issues.length, utf8Bytes, maxBytes);
}

/** The request, the answer and the plan, above the results. */
function planSections(plan: PlanReport, planFile: string): string {
  const answer = answerSection(plan.answer, 60_000);
  return [
    requestQuote(plan.request, 10_000),
    answer === '' ? '' : `### Answer\n\n${answer}`,
    `### Plan: ${plural(plan.tasks.length, 'task')}\n\n${planBlock(plan.tasks, plan.filesWritten, planFile)}`,
  ]
    .filter((part) => part !== '')
    .map((part) => `${part}\n`)
    .join('');
}
