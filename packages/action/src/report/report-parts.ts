import { dispatchOutcome, dispatchStatusIcon, markdownCode as code, markdownText, plural, type DispatchIndex, type ValidationIssue } from '@parallel-dispatcher/core';
import type { ArtifactState, ReportContext } from './report-context.js';

/** `✅ Parallel Dispatcher: `ci.yaml` — all 6 tasks succeeded`; a planned dispatch is the `request`. */
export function statusLine(index: DispatchIndex, context: ReportContext): string {
  return `${dispatchStatusIcon(index)} Parallel Dispatcher: ${context.plan === undefined ? code(context.dispatchFile) : 'request'} — ${dispatchOutcome(index)}`;
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
