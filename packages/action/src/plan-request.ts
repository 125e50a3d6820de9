import { createModelClient, ModelError, planDispatch, PlanningError, resolveModel, type ModelClient, type PlanRecord, type PreparedDispatch, type ValidationIssue } from '@parallel-dispatcher/core';
import { changedFiles } from './changed-files.js';
import { childEnvironment } from './child-environment.js';
import { hostPrepareOptions } from './load-dispatch.js';
import type { StepContext } from './step-context.js';

/** A plan that passed the planner's checks, one still invalid after the repair rounds, or no plan at all. */
export type PlannedRequest =
  | { readonly kind: 'planned'; readonly prepared: PreparedDispatch; readonly env: Record<string, string>; readonly record: PlanRecord; readonly model: ModelClient }
  | { readonly kind: 'invalid'; readonly plan: unknown; readonly issues: readonly ValidationIssue[]; readonly record: PlanRecord }
  | { readonly kind: 'unusable'; readonly message: string }
  | { readonly kind: 'cancelled'; readonly message: string };

const MAX_TASKS_HINT = 'raise it with the action input max-tasks';
/** As for a dispatch file, but here the commands would come from whoever wrote the request. */
const SHELL_HINT = 'set the action input allow-shell: true to allow them (read the action README first: the request is untrusted text)';
const NO_MODEL = 'request: planning needs a model: set the model input (e.g. model: anthropic:claude-sonnet-4-5) and model-api-key';

/**
 * Asks the action's model (the `model`, `model-base-url` and `model-api-key`
 * inputs) for a plan of `request`. The request is untrusted text, so the
 * limits are the code's, not the prompt's: commands only with allow-shell,
 * at most `maxTasks` tasks, paths inside the repository, and, unless
 * allow-shell vouches for it, no endpoint or key variable chosen by the plan.
 */
export async function planRequest(context: StepContext, request: string, maxTasks: number, signal: AbortSignal): Promise<PlannedRequest> {
  const { inputs, runner, log } = context;
  const env = childEnvironment(process.env);
  const resolved = resolveModel({ override: inputs.model, overrideBaseUrl: inputs.modelBaseUrl, overrideApiKey: inputs.modelApiKey, env });
  if (!resolved.ok) return { kind: 'unusable', message: inputs.model === undefined && env['PDISPATCH_MODEL'] === undefined ? NO_MODEL : `request: planning: ${resolved.problem}` };
  const model = createModelClient(resolved.model);
  const changed = await changedFilesIfAny(context);
  try {
    const outcome = await planDispatch({
      request,
      model,
      cwd: runner.repositoryRoot,
      workspace: runner.repositoryRoot,
      limits: {
        maxTasks,
        maxTasksHint: MAX_TASKS_HINT,
        allowCommands: inputs.allowShell,
        commandsRefusedHint: SHELL_HINT,
        ...(inputs.maxWorkers === undefined ? {} : { maxWorkers: inputs.maxWorkers }),
      },
      // The plan is prepared as a tasks file would be (trace-dir, max-workers, the model, the workflow's MCP servers, …), ready to run.
      prepare: { ...hostPrepareOptions(context), ...(changed === undefined ? {} : { changedFiles: changed }) },
      env,
      fileIsUntrusted: !inputs.allowShell,
      signal,
      onProgress: (message) => log.info(`planning: ${message}`),
    });
    return outcome.ok
      ? { kind: 'planned', prepared: outcome.prepared, env, record: outcome.record, model }
      : { kind: 'invalid', plan: outcome.plan, issues: outcome.issues, record: outcome.record };
  } catch (error) {
    if (signal.aborted) return { kind: 'cancelled', message: `the job was cancelled while planning (${(signal.reason as Error).message}); no task ran` };
    if (PlanningError.isInstance(error)) return { kind: 'unusable', message: `request: ${error.message}` };
    if (ModelError.isInstance(error)) return { kind: 'unusable', message: `request: planning failed: ${error.message}` };
    throw error;
  }
}

/**
 * The changed files a plan's `for_each` may go over (a pull request's, a
 * push's; none on other events). Without them a plan just cannot use them,
 * so a failure to list them is a warning, not the end of the step.
 */
async function changedFilesIfAny(context: StepContext): Promise<string[] | undefined> {
  try {
    const result = await changedFiles(context.runner, () => context.github());
    context.log.info(`planning: ${result.source}`);
    return result.files;
  } catch (error) {
    context.log.warning(`the plan cannot use for_each over the changed files: listing them failed: ${(error as Error).message}`, { title: 'Changed files not listed' });
    return undefined;
  }
}
