import { markdownCode as code, escapeMarkdown, formatCount, markdownText } from '@parallel-dispatcher/core';
import { INVALID_PLAN_FILE, PLAN_RECORD_FILE } from '../invalid-plan.js';
import type { ArtifactState, PlanAnswer, PlanReportTask } from './report-context.js';

/**
 * The request as a quote of plain text. It is whatever the commenter typed,
 * so nothing in it renders as Markdown or HTML, and no `@name` in it notifies anyone.
 */
export function requestQuote(request: string, maxChars: number): string {
  const cut = request.length <= maxChars ? request : `${request.slice(0, maxChars - 1)}…`;
  const lines = cut.split(/\r?\n/).map((line) => {
    // Block syntax at the start of a line (a heading, a list, a nested quote) stays text.
    const escaped = escapeMarkdown(line).replace(/^(\s*)([#>+=-]|\d+[.)])/, '$1\\$2');
    return escaped.trim() === '' ? '>' : `> ${escaped}`;
  });
  return `${lines.join('\n')}\n`;
}

/** A Markdown table of the plan: one row per task, with what it depends on and why it exists. */
function planTable(tasks: readonly PlanReportTask[], limit: number): string {
  const lines = ['| Task | Agent | Depends on | What it does |', '| --- | --- | --- | --- |'];
  for (const task of tasks.slice(0, limit)) {
    const dependsOn = task.dependsOn.length === 0 ? '–' : task.dependsOn.map(code).join(', ');
    lines.push(`| ${code(task.id)} | ${code(task.agent)} | ${dependsOn} | ${markdownText(task.description, 300)} |`);
  }
  if (tasks.length > limit) lines.push(`| … ${formatCount(tasks.length - limit)} more (the plan file in the trace artifact has them all) | | | |`);
  return `${lines.join('\n')}\n`;
}

/** The plan's table, the files it writes, and where the plan file is. */
export function planBlock(tasks: readonly PlanReportTask[], filesWritten: readonly string[], planFile: string, rows = tasks.length): string {
  return `${planTable(tasks, rows)}\n${filesWrittenLine(filesWritten)}The plan ran as ${code(planFile)} (in the trace artifact).\n`;
}

/** Where an invalid plan is: said only when the artifact holds it (the artifact line says why else). */
export function invalidPlanNote(artifact: ArtifactState): string {
  return artifact.kind === 'uploaded' ? `The model’s last plan is in the trace artifact as ${code(INVALID_PLAN_FILE)}, and every planning round with its problems in ${code(PLAN_RECORD_FILE)}.\n\n` : '';
}

/** `Files it writes: `a.ts`, `b.ts``, or nothing when the plan writes no file. */
function filesWrittenLine(files: readonly string[], limit = 30): string {
  if (files.length === 0) return '';
  const shown = files.slice(0, limit).map(code).join(', ');
  return `Files it writes: ${shown}${files.length > limit ? ` and ${formatCount(files.length - limit)} more` : ''}\n`;
}

/**
 * The synthesised answer. It is the model's Markdown and renders as such, cut
 * to `maxChars`, without `@name`s that would notify people the model named.
 */
export function answerSection(answer: PlanAnswer | undefined, maxChars: number): string {
  if (answer === undefined) return '';
  if (answer.kind === 'failed') return `**No answer**: the synthesis failed: ${markdownText(answer.error, 1000)}\n`;
  const body = silenceMentions(answer.answer.length <= maxChars ? answer.answer : `${answer.answer.slice(0, maxChars - 1)}…`);
  const list = (title: string, items: readonly string[]) => (items.length === 0 ? '' : `\n**${title}**\n\n${items.map((item) => `- ${markdownText(item, 500)}`).join('\n')}\n`);
  return `${body.trimEnd()}\n${list('Highlights', answer.highlights)}${list('Follow-ups', answer.followUps)}`;
}

function silenceMentions(markdown: string): string {
  return markdown.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, '$1@\u200B');
}
