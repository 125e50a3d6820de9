import type { TaskSpec } from '../schema/dispatch-schema.js';
import type { DispatchIndex, TaskTrace } from '../tracing/trace-format.js';
import { RerunError } from './rerun-error.js';

/** A finished dispatch, as a rerun needs it. */
export interface RerunSource {
  readonly index: DispatchIndex;
  /** Task traces by task id: at least those of the tasks to rerun and of the succeeded tasks they depend on. */
  readonly traces: ReadonlyMap<string, TaskTrace>;
  /**
   * The tasks of the original dispatch file (after `for_each`), when it still exists unchanged:
   * they keep what traces do not record (timeouts, retries, models). Without them the inputs come
   * from the traces.
   */
  readonly originalTasks?: ReadonlyMap<string, TaskSpec>;
}

/** A new dispatch file made of the tasks that did not succeed, and what they inherit from the old run. */
export interface RerunPlan {
  /** A dispatch file (ready for `JSON.stringify` and `prepareDispatch`). */
  readonly file: {
    readonly tasks: Record<string, unknown>[];
    readonly config: Record<string, unknown>;
    readonly user_prompt: string;
  };
  /** Ids of the tasks to run again, in the old dispatch's order. */
  readonly taskIds: readonly string[];
  /**
   * For each rerun task, the outputs of its dependencies that succeeded last time: they are not
   * run again, so their recorded outputs are handed to the task as if they had just run
   * (`runDispatch`'s `priorOutputs`).
   */
  readonly priorOutputs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** The dispatch this one reruns (`rerun_of` in the new index). */
  readonly rerunOf: string;
}

/**
 * Plans "Rerun Failed Tasks": every task that failed, was skipped or was cancelled runs again;
 * dependencies among them are kept, so they still run in order; dependencies on tasks that
 * succeeded are dropped from the graph and their old outputs passed in instead.
 */
export function planRerun(source: RerunSource): RerunPlan {
  const { index } = source;
  if (index.status === 'running') throw new RerunError(index.dispatch_id, `${index.dispatch_id} is still running; stop it or wait for it to end`);
  if (index.dry_run) throw new RerunError(index.dispatch_id, `${index.dispatch_id} was a dry run; run its dispatch file instead`);
  const statusOf = new Map(index.tasks.map((task) => [task.task_id, task.status]));
  const rerun = index.tasks.filter((task) => task.status !== 'success');
  if (rerun.length === 0) throw new RerunError(index.dispatch_id, `every task of ${index.dispatch_id} succeeded; there is nothing to rerun`);
  const again = new Set(rerun.map((task) => task.task_id));

  const missing: string[] = [];
  const priorOutputs = new Map<string, Record<string, unknown>>();
  const tasks = rerun.map((entry) => {
    const trace = source.traces.get(entry.task_id);
    const original = source.originalTasks?.get(entry.task_id);
    if (trace === undefined && original === undefined) {
      missing.push(entry.task_id);
      return {};
    }
    const dependencies = entry.dependencies ?? trace?.dependencies ?? [];
    const inherited: Record<string, unknown> = {};
    for (const dependency of dependencies) {
      if (again.has(dependency) || statusOf.get(dependency) !== 'success') continue;
      const dependencyTrace = source.traces.get(dependency);
      if (dependencyTrace === undefined) missing.push(dependency);
      else inherited[dependency] = dependencyTrace.output;
    }
    if (Object.keys(inherited).length > 0) priorOutputs.set(entry.task_id, inherited);
    return taskSpec(entry.task_id, entry.agent, original, trace, dependencies.filter((dependency) => again.has(dependency)));
  });
  if (missing.length > 0) {
    throw new RerunError(index.dispatch_id, `the traces of ${[...new Set(missing)].join(', ')} are missing from ${index.dispatch_id}, so their inputs or outputs are unknown`);
  }
  return {
    file: { tasks, config: { ...index.config }, user_prompt: `Rerun of the failed tasks of ${index.dispatch_id}` },
    taskIds: rerun.map((task) => task.task_id),
    priorOutputs,
    rerunOf: index.dispatch_id,
  };
}

function taskSpec(taskId: string, agent: string, original: TaskSpec | undefined, trace: TaskTrace | undefined, dependencies: string[]): Record<string, unknown> {
  if (original !== undefined) {
    // The copy of a `for_each` template already has its file substituted; the template part goes.
    const { for_each: _forEach, depends_on: _dependsOn, dependencies: _dependencies, ...rest } = original;
    return { ...rest, task_id: taskId, dependencies };
  }
  return {
    task_id: taskId,
    agent: trace?.agent ?? agent,
    description: trace?.description ?? '',
    input_data: (trace?.input ?? {}) as Record<string, unknown>,
    dependencies,
  };
}
