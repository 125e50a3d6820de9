import { formatCount, formatDuration, formatTokens, type DispatchIndex, type DispatchSummary, type ValidationIssue } from '@parallel-dispatcher/core';
import { code, markdownText, plural } from './format.js';
import type { ArtifactState, ReportContext } from './report-context.js';

const STATUS_ICONS: Record<string, string> = { success: '✅', failure: '❌', cancelled: '⏹️', running: '⏳' };

/** `✅ Parallel Dispatcher: `ci.yaml` — all 6 tasks succeeded`; a planned dispatch is the `request`. */
export function statusLine(index: DispatchIndex, context: ReportContext): string {
  return `${STATUS_ICONS[index.status] ?? ''} Parallel Dispatcher: ${context.plan === undefined ? code(context.dispatchFile) : 'request'} — ${outcome(index)}`;
}

function outcome(index: DispatchIndex): string {
  const { summary } = index;
  if (index.status === 'success') return summary.total === 1 ? 'its task succeeded' : `all ${formatCount(summary.total)} tasks succeeded`;
  const parts = [
    summary.error > 0 ? `${formatCount(summary.error)} of ${plural(summary.total, 'task')} failed` : undefined,
    summary.skipped > 0 ? `${formatCount(summary.skipped)} skipped` : undefined,
    summary.cancelled > 0 ? `${formatCount(summary.cancelled)} cancelled` : undefined,
  ].filter((part) => part !== undefined);
  const prefix = index.status === 'cancelled' ? 'cancelled' : 'failed';
  return parts.length === 0 ? prefix : `${prefix}: ${parts.join(', ')}`;
}

/** Counts, times, speedup, tokens and (when any were made) tool calls in one line. */
export function totalsLine(summary: DispatchSummary): string {
  return [
    `**${plural(summary.total, 'task')}**: ${formatCount(summary.success)} succeeded`,
    `${formatCount(summary.error)} failed`,
    `${formatCount(summary.skipped)} skipped`,
    `${formatCount(summary.cancelled)} cancelled`,
    `wall time ${formatDuration(summary.wall_time_ms)}`,
    `task time ${formatDuration(summary.task_time_ms)}`,
    `speedup ${summary.speedup.toFixed(2)}×`,
    `critical path ${formatDuration(summary.critical_path_ms)}`,
    `tokens ${formatTokens(summary.input_tokens, summary.output_tokens)}`,
    ...(summary.tool_calls > 0 ? [plural(summary.tool_calls, 'tool call')] : []),
  ].join(' · ');
}

/** Where the traces are and how to look at them. */
const REPORT_USE: Readonly<Record<string, string>> = {
  'report.html': 'the HTML report: open it in any browser, it needs no network',
  'trace.perfetto.json': 'the timeline for [Perfetto](https://ui.perfetto.dev): drop it on that page',
};

function reportNames(files: readonly string[]): string {
  return files.map((file) => `${code(file)} (${REPORT_USE[file] ?? 'a report'})`).join(' and ');
}

export function artifactLine(artifact: ArtifactState): string {
  if (artifact.kind === 'uploaded') {
    const reports = artifact.reports === undefined || artifact.reports.length === 0 ? '' : ` It also holds ${reportNames(artifact.reports)}.`;
    return `📦 Traces: [${markdownText(artifact.name, 200)}](${artifact.url}): download and unzip it, then run ${code('pdispatch show <dir>')}, or open it in VS Code with **Parallel Dispatcher: Open Trace Artifact…**${reports}`;
  }
  return `📦 Traces were not uploaded: ${markdownText(artifact.reason, 500)}`;
}

/** The list of problems of a dispatch file that did not pass validation. */
export function issueList(issues: readonly ValidationIssue[], limit: number): string {
  const shown = issues.slice(0, limit).map((issue) => `- ${issue.path === '' ? '' : `${code(issue.path)}: `}${markdownText(issue.message, 1000)}`);
  if (issues.length > limit) shown.push(`- … ${plural(issues.length - limit, 'more problem')}`);
  return `${shown.join('\n')}\n`;
}

/** What did not pass validation: a dispatch file, or the plan made from a request. */
export type InvalidSubject = { readonly dispatchFile: string } | { readonly request: string };

export function invalidStatusLine(subject: InvalidSubject, issueCount: number): string {
  const what = 'dispatchFile' in subject ? code(subject.dispatchFile) : 'the plan made from the request';
  return `⚠️ Parallel Dispatcher: ${what} is invalid (${plural(issueCount, 'problem')}); no task ran`;
}
