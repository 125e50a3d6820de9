import * as core from '@actions/core';
import { DispatchValidationError, formatIssue, readTaskTrace, type DispatchIndex, type PlanRecord, type PreparedDispatch, type ValidationIssue } from '@parallel-dispatcher/core';
import { failedTaskAnnotations, findingAnnotations, repositoryPath, type PlacedFinding } from './annotations.js';
import { uploadTraces } from './artifact-upload.js';
import { upsertStickyComment } from './pull-request-comment.js';
import { saveInvalidPlan } from './invalid-plan.js';
import { commentBody, commentMarker, invalidDispatchComment, invalidPlanComment } from './report/comment-body.js';
import { findingsOf } from './report/findings.js';
import { invalidDispatchSummary, invalidPlanSummary, jobSummary } from './report/job-summary.js';
import type { ArtifactState, PlanReport, ReportContext, TaskToolCalls } from './report/report-context.js';
import { runUrl } from './runner-context.js';
import type { TasksRun } from './run-tasks.js';
import type { StepContext } from './step-context.js';

/** What a report is about: the dispatch file that ran, the key of its comment, and the plan when it was made from a request. */
export interface ReportSubject {
  /** Relative to the repository root. */
  readonly dispatchFile: string;
  readonly commentKey: string;
  readonly plan?: PlanReport | undefined;
}

/** Reports a dispatch that ran every way GitHub offers: outputs, artifact, job summary, comment, annotations, the step's status. */
export async function publishReport(context: StepContext, subject: ReportSubject, prepared: PreparedDispatch, run: TasksRun): Promise<void> {
  const { log, inputs } = context;
  const { result } = run;
  const { index } = result;
  setStatusOutputs(context, result.status, index);
  log.setOutput('summary', JSON.stringify(index.summary));
  log.setOutput('tokens', index.summary.input_tokens + index.summary.output_tokens);
  log.setOutput('cost-usd', index.summary.cost_usd === null ? '' : String(index.summary.cost_usd));
  log.setOutput('cache-hits', index.summary.cache?.hits ?? 0);
  log.setOutput('dispatch-index', result.indexPath);
  log.setOutput('trace-dir', prepared.traceDir);

  const artifact = withReports(await upload(context, prepared.traceDir), run.reports);
  const report: ReportContext = { ...subject, artifact, cache: run.cache, runUrl: runUrl(context.runner), commit: headCommit(context), failedToolCalls: await failedToolCalls(context, prepared, index) };
  const answer = subject.plan?.answer;
  if (answer?.kind === 'answer') log.setOutput('answer', answer.answer);
  await writeSummary(context, jobSummary(index, report));
  // A request without an answer has failed whoever asked, whatever the tasks did.
  const noAnswer = answer?.kind === 'failed' ? `no answer: the synthesis failed: ${answer.error}` : undefined;
  const succeeded = result.status === 'success' && noAnswer === undefined;
  await comment(context, subject.commentKey, !succeeded, commentBody(index, report));

  const fails = inputs.failOnError && !succeeded;
  // setFailed is an error annotation too: keep a place for it.
  for (const annotation of failedTaskAnnotations(index.tasks, subject.dispatchFile, log.errorsLeft - (fails ? 1 : 0))) log.error(annotation.message, annotation.properties);
  const found = await findings(context, prepared, index);
  for (const annotation of findingAnnotations(found, log.warningsLeft)) log.warning(annotation.message, annotation.properties);
  if (fails) log.fail(result.status !== 'success' ? failureReason(index) : `${noAnswer}; set fail-on-error: false to let the job go on`);
  else if (noAnswer !== undefined) log.warning(noAnswer, { title: 'No answer' });
}

/** A plan still invalid after the repair rounds (or refused with the action's inputs), and what it was asked. */
export interface InvalidPlan {
  readonly request: string;
  readonly commentKey: string;
  readonly plan: unknown;
  readonly issues: readonly ValidationIssue[];
  readonly record: PlanRecord;
}

/**
 * Reports an invalid plan: the plan and its record in the trace artifact,
 * every problem in the summary, the comment and the failure (an error
 * annotation). No task ran.
 */
export async function publishInvalidPlan(context: StepContext, invalid: InvalidPlan): Promise<void> {
  const { log, runner } = context;
  setStatusOutputs(context, 'failure');
  const folder = await saveInvalidPlan(invalid.plan, invalid.record, (text) => log.redact(text), process.env['RUNNER_TEMP']);
  log.info(`the invalid plan and its planning rounds: ${folder}`);
  const artifact = await upload(context, folder);
  await writeSummary(context, invalidPlanSummary(invalid.request, invalid.issues, artifact));
  await comment(context, invalid.commentKey, true, invalidPlanComment(invalid.request, invalid.issues, { commentKey: invalid.commentKey, artifact, runUrl: runUrl(runner), commit: headCommit(context) }));
  const rounds = invalid.record.rounds.length - 1;
  const after = rounds === 0 ? '' : ` after ${rounds} repair ${rounds === 1 ? 'round' : 'rounds'}`;
  const where = artifact.kind === 'uploaded' ? 'in the trace artifact' : `in ${folder} (not uploaded)`;
  log.fail(`${new DispatchValidationError(invalid.issues, `the plan made from the request${after}`).message}\nno task ran; the plan and every planning round are ${where}`);
}

/** Reports a dispatch that did not pass validation: every problem, in the summary, the comment and the failure. */
export async function publishInvalid(context: StepContext, dispatchFile: string, issues: readonly ValidationIssue[], message: string): Promise<void> {
  setStatusOutputs(context, 'failure');
  await writeSummary(context, invalidDispatchSummary(dispatchFile, issues));
  await comment(context, dispatchFile, true, invalidDispatchComment(dispatchFile, issues, { runUrl: runUrl(context.runner), commit: headCommit(context) }));
  context.log.fail(message.includes('\n') ? message : `${message}\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n')}`);
}

/** Fails the step before any task ran (the file cannot be read, the changed files cannot be listed, no plan). */
export function publishFailure(context: StepContext, message: string, status: 'failure' | 'cancelled' = 'failure'): void {
  setStatusOutputs(context, status);
  context.log.fail(message);
}

function setStatusOutputs(context: StepContext, status: string, index?: DispatchIndex): void {
  const failed = index?.tasks.filter((task) => task.status === 'error').map((task) => task.task_id) ?? [];
  context.log.setOutput('status', status);
  context.log.setOutput('success-count', index?.summary.success ?? 0);
  context.log.setOutput('failure-count', failed.length);
  context.log.setOutput('failed-tasks', JSON.stringify(failed));
  context.log.setOutput('tool-calls', index?.summary.tool_calls ?? 0);
}

async function upload(context: StepContext, traceDir: string): Promise<ArtifactState> {
  const { inputs, log } = context;
  if (!inputs.uploadArtifact) return { kind: 'not-uploaded', reason: 'upload-artifact is false' };
  const { repository, serverUrl, runId } = context.runner;
  const artifact = await uploadTraces({
    name: inputs.artifactName,
    traceDir,
    retentionDays: inputs.retentionDays,
    urlOf: (id) => (repository === undefined || runId === undefined ? undefined : `${serverUrl}/${repository.owner}/${repository.repo}/actions/runs/${runId}/artifacts/${id}`),
  });
  if (artifact.kind === 'uploaded') {
    log.info(`uploaded the traces as the artifact "${artifact.name}" (id ${artifact.id})`);
    log.setOutput('artifact-id', artifact.id);
    log.setOutput('artifact-url', artifact.url);
  } else {
    log.warning(`The traces were not uploaded: ${artifact.reason}`, { title: 'Trace artifact not uploaded' });
  }
  return artifact;
}

async function writeSummary(context: StepContext, markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(context.log.redact(markdown)).write();
  } catch (error) {
    context.log.warning(`could not write the job summary: ${(error as Error).message}`);
  }
}

/** Keeps the comment `key` names on the pull request (or issue) up to date, as the `comment` input says. */
async function comment(context: StepContext, key: string, failed: boolean, body: string): Promise<void> {
  const { inputs, runner, log } = context;
  if (inputs.comment === 'off') return;
  const { conversation } = runner;
  if (conversation === undefined || runner.repository === undefined) {
    log.info(`comment: ${inputs.comment}, but a ${runner.eventName || 'local'} event has no pull request or issue to comment on`);
    return;
  }
  // on-failure creates a comment only for a failure, but keeps an existing one current, so it never shows a stale failure.
  const create = inputs.comment === 'always' || failed;
  try {
    const result = await upsertStickyComment(
      context.github(),
      { ...runner.repository, issueNumber: conversation.number, marker: commentMarker(key), body: log.redact(body) },
      create,
    );
    if (result.action !== 'none') log.info(`${result.action} the ${conversation.kind} comment ${result.url}`);
  } catch (error) {
    const permission = conversation.kind === 'issue' ? 'issues: write' : 'pull-requests: write';
    log.warning(`could not comment on ${conversation.kind} #${conversation.number}: ${(error as Error).message} (the job needs "permissions: ${permission}"; pull requests from forks get a read-only token)`, {
      title: conversation.kind === 'issue' ? 'Issue comment not written' : 'Pull-request comment not written',
    });
  }
}

/**
 * File-and-line findings in the tasks' outputs, read from their traces (already redacted):
 * the `debug` agent's, and those of any task whose output has the same shape.
 */
async function findings(context: StepContext, prepared: PreparedDispatch, index: DispatchIndex): Promise<PlacedFinding[]> {
  const found: PlacedFinding[] = [];
  for (const task of index.tasks) {
    if (task.status !== 'success' && task.status !== 'error') continue;
    try {
      const trace = await readTaskTrace(prepared.traceDir, task.trace_file);
      for (const finding of findingsOf(task.task_id, trace.output, trace.file)) {
        const repositoryFile = repositoryPath(finding.file, prepared.workspace, context.runner.repositoryRoot);
        if (repositoryFile !== undefined) found.push({ ...finding, repositoryFile });
      }
    } catch (error) {
      context.log.info(`could not read the findings of ${task.task_id}: ${(error as Error).message}`);
    }
  }
  return found;
}

/** The tool calls of the tasks that failed after making some, read from their traces (already redacted), for the summary. */
async function failedToolCalls(context: StepContext, prepared: PreparedDispatch, index: DispatchIndex): Promise<TaskToolCalls[]> {
  const calls: TaskToolCalls[] = [];
  for (const task of index.tasks) {
    if (task.status !== 'error' || task.tool_calls === 0) continue;
    try {
      const trace = await readTaskTrace(prepared.traceDir, task.trace_file);
      calls.push({ taskId: task.task_id, calls: trace.tool_calls });
    } catch (error) {
      context.log.info(`could not read the tool calls of ${task.task_id}: ${(error as Error).message}`);
    }
  }
  return calls;
}

function headCommit(context: StepContext): string | undefined {
  const pullRequest = context.runner.payload['pull_request'] as { head?: { sha?: unknown } } | undefined;
  const sha = pullRequest?.head?.sha ?? context.runner.payload['after'];
  return typeof sha === 'string' ? sha : undefined;
}

function failureReason(index: DispatchIndex): string {
  const { summary } = index;
  const ids = (status: string) => index.tasks.filter((task) => task.status === status).map((task) => task.task_id);
  const list = (items: string[]) => (items.length <= 10 ? items.join(', ') : `${items.slice(0, 10).join(', ')} and ${items.length - 10} more`);
  if (index.status === 'cancelled') return `the dispatch was cancelled: ${summary.success} of ${summary.total} tasks succeeded, ${summary.cancelled} cancelled`;
  const parts = [summary.error > 0 ? `failed: ${list(ids('error'))}` : undefined, summary.skipped > 0 ? `skipped: ${list(ids('skipped'))}` : undefined, summary.cancelled > 0 ? `cancelled: ${list(ids('cancelled'))}` : undefined];
  return `${summary.total - summary.success} of ${summary.total} tasks did not succeed (${parts.filter(Boolean).join('; ')}); set fail-on-error: false to let the job go on`;
}

/** The artifact as the reports name it: with the report files it holds. */
function withReports(artifact: ArtifactState, reports: readonly string[]): ArtifactState {
  return artifact.kind === 'uploaded' && reports.length > 0 ? { ...artifact, reports } : artifact;
}
