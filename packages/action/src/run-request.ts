import path from 'node:path';
import { DispatchValidationError, plannedDispatchFile } from '@parallel-dispatcher/core';
import { repositoryPath } from './annotations.js';
import type { Cancellation } from './cancellation.js';
import { planReport } from './plan-report.js';
import { planRequest } from './plan-request.js';
import { publishFailure, publishInvalidPlan, publishReport } from './publish-report.js';
import { requestCommentKey } from './report/comment-body.js';
import { runTasks, type TasksRun } from './run-tasks.js';
import type { StepContext } from './step-context.js';

/**
 * The `request` input: plans a dispatch from it (prepared with the same
 * inputs and distrust as a `tasks` file), runs it with the synthesis on, and
 * reports the request, the plan, the results and the answer.
 */
export async function runRequest(context: StepContext, request: string, maxTasks: number, cancellation: Cancellation): Promise<void> {
  const commentKey = requestCommentKey(request, context.runner.conversation?.commentId);
  const planned = await planRequest(context, request, maxTasks, cancellation.signal);
  if (planned.kind === 'unusable') return publishFailure(context, planned.message);
  if (planned.kind === 'cancelled') return publishFailure(context, planned.message, 'cancelled');
  if (planned.kind === 'invalid') return publishInvalidPlan(context, { request, commentKey, plan: planned.plan, issues: planned.issues, record: planned.record });
  let run: TasksRun;
  try {
    // Every request shares one cache subject: the cache is keyed on what each task reads, so a task one plan shares with another is reused.
    run = await runTasks(context, planned.prepared, planned.env, cancellation, 'the plan', 'request', { request, model: planned.model, record: planned.record });
  } catch (error) {
    // The trace directory is refused before any task starts.
    if (!DispatchValidationError.isInstance(error)) throw error;
    return publishInvalidPlan(context, { request, commentKey, plan: planned.prepared.document, issues: error.issues, record: planned.record });
  }
  // Core writes the plan into the dispatch folder, as planned_from says.
  const { result } = run;
  const planFile = result.index.planned_from?.plan_file ?? path.join(planned.prepared.traceDir, plannedDispatchFile(result.index.dispatch_id));
  const { repositoryRoot } = context.runner;
  await publishReport(
    context,
    { dispatchFile: repositoryPath(planFile, repositoryRoot, repositoryRoot) ?? planFile, commentKey, plan: planReport(request, planned.prepared, result.synthesis) },
    planned.prepared,
    run,
  );
}
