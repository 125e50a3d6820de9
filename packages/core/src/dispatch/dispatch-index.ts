import { budgetState } from '../cost/budget-state.js';
import { sumUsd } from '../cost/model-prices.js';
import { criticalPath } from '../graph/critical-path.js';
import { isFinal } from '../scheduler/task-outcome.js';
import type { IndexSynthesis, PlannedFrom } from '../tracing/planning-records.js';
import type { CacheSummary, DispatchIndex, DispatchIndexTask, DispatchStatus, DispatchSummary, StageUsage } from '../tracing/trace-format.js';
import { TRACE_SCHEMA_VERSION } from '../tracing/trace-format.js';
import type { TaskTraceState } from '../tracing/trace-writer.js';
import type { PreparedDispatch } from './prepared-dispatch.js';
import type { TaskJournal } from './task-journal.js';

export interface IndexFacts {
  readonly prepared: PreparedDispatch;
  readonly dispatchId: string;
  readonly correlationId: string;
  readonly startedAt: number;
  /** When the last task ended; undefined while tasks run. */
  readonly tasksEndedAt: number | undefined;
  /** When the dispatch ended, synthesis included; undefined while it runs. */
  readonly endedAt: number | undefined;
  readonly status: DispatchStatus;
  readonly dryRun: boolean;
  /** The dispatch this one reruns, or null. */
  readonly rerunOf: string | null;
  readonly plannedFrom: PlannedFrom | null;
  /** The planner's tokens (from plan.json); zero when the dispatch was not planned. */
  readonly planningTokens: StageUsage;
  readonly synthesis: IndexSynthesis | null;
  readonly journals: ReadonlyMap<string, TaskJournal>;
  /** The dispatch ran with the result cache: the summary counts its hits. */
  readonly cached: boolean;
  readonly taskTrace: (taskId: string) => TaskTraceState;
}

/** The dispatch index as it stands: written at the start, while tasks end, and at the end. */
export function buildDispatchIndex(facts: IndexFacts): DispatchIndex {
  const { prepared } = facts;
  const tasks: DispatchIndexTask[] = prepared.graph.ids.map((id) => {
    const journal = facts.journals.get(id)!;
    const task = prepared.tasks.get(id)!;
    const trace = facts.taskTrace(id);
    const ended = isFinal(journal.status) && journal.startedAt !== undefined && journal.endedAt !== undefined;
    return {
      task_id: id,
      agent: task.spec.agent,
      file: task.file,
      status: journal.status,
      dependencies: task.dependencies,
      started_at: journal.startedAt === undefined ? null : new Date(journal.startedAt).toISOString(),
      ended_at: ended ? new Date(journal.endedAt!).toISOString() : null,
      duration_ms: ended ? journal.endedAt! - journal.startedAt! : null,
      attempts: journal.attempts,
      error: journal.error,
      input_tokens: journal.inputTokens,
      output_tokens: journal.outputTokens,
      cost_usd: journal.costUsd,
      tool_calls: journal.toolCalls.length,
      cache: journal.cache?.status ?? null,
      trace_file: trace.file,
      trace_error: trace.error,
    };
  });
  // Wall time is the tasks' (it measures parallelism); total_time_ms includes the synthesis.
  const now = facts.tasksEndedAt ?? Date.now();
  return {
    schema_version: TRACE_SCHEMA_VERSION,
    dispatch_id: facts.dispatchId,
    correlation_id: facts.correlationId,
    dispatch_timestamp: new Date(facts.startedAt).toISOString(),
    started_at: new Date(facts.startedAt).toISOString(),
    ended_at: facts.endedAt === undefined ? null : new Date(facts.endedAt).toISOString(),
    total_time_ms: facts.endedAt === undefined ? null : facts.endedAt - facts.startedAt,
    task_count: tasks.length,
    config: { ...prepared.config },
    source: { path: prepared.sourcePath, sha256: prepared.sourceSha256 },
    workspace: prepared.workspace,
    user_prompt: prepared.userPrompt,
    dry_run: facts.dryRun,
    rerun_of: facts.rerunOf,
    planned_from: facts.plannedFrom,
    synthesis: facts.synthesis,
    status: facts.status,
    summary: summarise(facts, tasks, now - facts.startedAt),
    tasks,
  };
}

function summarise(facts: IndexFacts, tasks: readonly DispatchIndexTask[], wallTime: number): DispatchSummary {
  const count = (status: string) => tasks.filter((task) => task.status === status).length;
  const durations = new Map(tasks.map((task) => [task.task_id, task.duration_ms ?? 0]));
  const taskTime = [...durations.values()].reduce((sum, value) => sum + value, 0);
  const planning = { ...facts.planningTokens };
  const ownTokens = {
    input_tokens: tasks.reduce((sum, task) => sum + task.input_tokens, 0),
    output_tokens: tasks.reduce((sum, task) => sum + task.output_tokens, 0),
    cost_usd: sumUsd(tasks.map((task) => task.cost_usd)),
  };
  const synthesis = { input_tokens: facts.synthesis?.input_tokens ?? 0, output_tokens: facts.synthesis?.output_tokens ?? 0, cost_usd: facts.synthesis === null ? 0 : facts.synthesis.cost_usd };
  const input = planning.input_tokens + ownTokens.input_tokens + synthesis.input_tokens;
  const output = planning.output_tokens + ownTokens.output_tokens + synthesis.output_tokens;
  const cost = sumUsd([planning.cost_usd, ownTokens.cost_usd, synthesis.cost_usd]);
  return {
    total: tasks.length,
    success: count('success'),
    error: count('error'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    wall_time_ms: wallTime,
    task_time_ms: taskTime,
    speedup: wallTime > 0 ? Math.round((taskTime / wallTime) * 100) / 100 : 0,
    critical_path_ms: criticalPath(tasks.map((task) => ({ id: task.task_id, dependencies: task.dependencies })), (id) => durations.get(id) ?? 0).length,
    input_tokens: input,
    output_tokens: output,
    tokens_by_stage: { planning, tasks: ownTokens, synthesis },
    tool_calls: tasks.reduce((sum, task) => sum + task.tool_calls, 0),
    cost_usd: cost,
    budget: budgetState(facts.prepared.config.budget, input + output, cost),
    cache: facts.cached ? cacheSummary(facts.journals) : null,
  };
}

function cacheSummary(journals: ReadonlyMap<string, TaskJournal>): CacheSummary {
  const records = [...journals.values()].flatMap((journal) => (journal.cache === null ? [] : [journal.cache]));
  const hits = records.filter((record) => record.status === 'hit');
  return {
    hits: hits.length,
    misses: records.length - hits.length,
    stored: records.filter((record) => record.stored).length,
    saved_input_tokens: hits.reduce((sum, record) => sum + record.saved_input_tokens, 0),
    saved_output_tokens: hits.reduce((sum, record) => sum + record.saved_output_tokens, 0),
  };
}
