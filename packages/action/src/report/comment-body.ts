import { markdownCode as code, type DispatchIndex, type DispatchIndexTask, plural, taskTable, totalsLine, type ValidationIssue } from '@parallel-dispatcher/core';
import { createHash } from 'node:crypto';
import { characters, fitRendering } from './fit.js';
import { answerSection, invalidPlanNote, planBlock, requestQuote } from './plan-sections.js';
import type { ArtifactState, PlanReport, ReportContext } from './report-context.js';
import { artifactLine, invalidStatusLine, issueList, statusLine } from './report-parts.js';
import { spendingLines } from './spending-lines.js';

/** GitHub refuses a comment body over 65,536 characters. */
export const COMMENT_MAX_CHARS = 65_536;

/** Rows of the plan's table in a comment: the results table needs the room more; the summary has the whole plan. */
const PLAN_ROWS = 50;

/**
 * The hidden line that finds this step's comment again. It names the
 * dispatch file (or, for a request, what asked: see `requestCommentKey`), so
 * two steps with different dispatch files keep separate comments.
 */
export function commentMarker(key: string): string {
  return `<!-- parallel-dispatcher:${key.replace(/--/g, '-%2D').replace(/>/g, '%3E')} -->`;
}

/**
 * The pull-request comment: the job summary's report in a compact form. The
 * tasks that did not succeed come first, in a table of their own; the full
 * table sits in a collapsed block. Cut to fit `maxChars`. A dispatch planned
 * from a request first shows the request, the answer and the plan (folded).
 */
export function commentBody(index: DispatchIndex, context: ReportContext, maxChars = COMMENT_MAX_CHARS): string {
  const unsuccessful = index.tasks.filter((task) => task.status !== 'success');
  const ordered: DispatchIndexTask[] = [...unsuccessful, ...index.tasks.filter((task) => task.status === 'success')];
  const plan = context.plan === undefined ? '' : planSections(context.plan, context.dispatchFile);
  const render = (rows: number, withAll: boolean) => {
    let text = `${commentMarker(context.commentKey ?? context.dispatchFile)}\n### ${statusLine(index, context)}\n\n${plan}${totalsLine(index.summary)}\n\n${spendingLines(index.summary, context.cache)}`;
    if (unsuccessful.length > 0) text += `${taskTable(unsuccessful, { limit: Math.min(rows, unsuccessful.length), errorWidth: 200, compact: true, restAreIn: 'the trace artifact' })}\n`;
    if (withAll) text += `<details><summary>All ${plural(index.tasks.length, 'task')}</summary>\n\n${taskTable(ordered, { errorWidth: 200 })}\n</details>\n\n`;
    return text + footer(context, index.dispatch_id);
  };
  return fitRendering(render, unsuccessful.length, characters, maxChars);
}

/** The comment for a dispatch file that did not pass validation. */
export function invalidDispatchComment(dispatchFile: string, issues: readonly ValidationIssue[], context: Omit<ReportContext, 'dispatchFile' | 'artifact'>, maxChars = COMMENT_MAX_CHARS): string {
  const render = (rows: number) => `${commentMarker(dispatchFile)}\n### ${invalidStatusLine({ dispatchFile }, issues.length)}\n\n${issueList(issues, rows)}\n${footer(context)}`;
  return fitRendering(render, issues.length, characters, maxChars);
}

/** The comment for a plan still invalid after the repair rounds. */
export function invalidPlanComment(
  request: string,
  issues: readonly ValidationIssue[],
  context: Omit<ReportContext, 'dispatchFile' | 'artifact'> & { readonly commentKey: string; readonly artifact: ArtifactState },
  maxChars = COMMENT_MAX_CHARS,
): string {
  const render = (rows: number) =>
    `${commentMarker(context.commentKey)}\n### ${invalidStatusLine({ request }, issues.length)}\n\n${requestQuote(request, 5_000)}\n${issueList(issues, rows)}\n${invalidPlanNote(context.artifact)}${footer(context)}`;
  return fitRendering(render, issues.length, characters, maxChars);
}

/**
 * The comment marker's key for a dispatch planned from a request: the comment
 * that asked, so each `/dispatch` comment gets its own answer (and a re-run
 * of its workflow updates it); else the request itself, for a workflow that
 * always asks the same.
 */
export function requestCommentKey(request: string, askingCommentId: number | undefined): string {
  return askingCommentId === undefined ? `request:${createHash('sha256').update(request).digest('hex').slice(0, 16)}` : `request:comment-${askingCommentId}`;
}

/** The request, the answer, and the plan folded. */
function planSections(plan: PlanReport, planFile: string): string {
  const answer = answerSection(plan.answer, 30_000);
  return (
    `${requestQuote(plan.request, 5_000)}\n${answer === '' ? '' : `${answer}\n`}` +
    `<details><summary>Plan: ${plural(plan.tasks.length, 'task')}</summary>\n\n${planBlock(plan.tasks, plan.filesWritten, planFile, PLAN_ROWS)}</details>\n\n`
  );
}

function footer(context: Omit<ReportContext, 'dispatchFile' | 'artifact'> & { artifact?: ReportContext['artifact'] }, dispatchId?: string): string {
  const facts = [
    context.commit === undefined ? undefined : `commit ${code(context.commit.slice(0, 12))}`,
    dispatchId === undefined ? undefined : `dispatch ${code(dispatchId)}`,
    context.runUrl === undefined ? undefined : `[workflow run](${context.runUrl})`,
  ].filter((fact) => fact !== undefined);
  const artifact = context.artifact === undefined ? '' : `${artifactLine(context.artifact)}\n\n`;
  return `${artifact}${facts.length === 0 ? '' : `<sub>${facts.join(' · ')}</sub>\n`}`;
}
