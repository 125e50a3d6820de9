import type { AttemptRecord, FinalTaskStatus, TaskErrorInfo, TaskStatus } from '../scheduler/task-outcome.js';
import type { ModelCallRecord } from './model-call-record.js';
import type { IndexSynthesis, PlannedFrom, StageTokens } from './planning-records.js';
import type { FileRecord } from './task-recorder.js';
import type { ToolCallRecord } from './tool-call-record.js';

/**
 * Bumped when a field changes meaning; readers refuse versions they do not know.
 * Fields only added (`planned_from`, `synthesis`, `summary.tokens_by_stage`, plan.json,
 * synthesis.json, `tool_calls`, `cost_usd`, `budget`, `cache`) keep it: older readers keep unknown fields as they are, and newer
 * ones read older files with those fields as null.
 */
export const TRACE_SCHEMA_VERSION = 1;

export type DispatchStatus = 'running' | 'success' | 'failure' | 'cancelled';

export interface DispatchSummary {
  readonly total: number;
  readonly success: number;
  readonly error: number;
  readonly skipped: number;
  readonly cancelled: number;
  readonly wall_time_ms: number;
  /** Sum of the tasks' own durations. */
  readonly task_time_ms: number;
  /** task_time_ms / wall_time_ms: how much running in parallel saved. */
  readonly speedup: number;
  /** Longest chain of dependent tasks by their actual durations. */
  readonly critical_path_ms: number;
  /** Planning, tasks and synthesis together (see `tokens_by_stage`). */
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** Null in indexes written before stages were counted apart. */
  readonly tokens_by_stage: TokensByStage | null;
  /** MCP tool calls made by all tasks; 0 in indexes written before tools existed. */
  readonly tool_calls: number;
  /** US dollars over every stage; null when the price of any call's model is unknown (and in indexes written before costs). */
  readonly cost_usd: number | null;
  /** The dispatch's `config.budget` and what was spent of it; null when it has none. */
  readonly budget: BudgetState | null;
  /** Null when the dispatch ran without the result cache, and in indexes written before it existed. */
  readonly cache: CacheSummary | null;
}

/** A budget and what was spent of it (spent may pass the limit by what calls already running spent). */
export interface BudgetState {
  /** The limits; null where the budget sets none. */
  readonly tokens: number | null;
  readonly usd: number | null;
  readonly spent_tokens: number;
  /** Null when the cost of a call is unknown. */
  readonly spent_usd: number | null;
  /** Never below 0; null where there is no such limit (or the spending is unknown). */
  readonly remaining_tokens: number | null;
  readonly remaining_usd: number | null;
}

/** One stage's tokens and what they cost (null: unknown, or an index written before costs). */
export interface StageUsage extends StageTokens {
  readonly cost_usd: number | null;
}

/** Where a dispatch's tokens went: the planner's calls, its tasks, and the synthesis. */
export interface TokensByStage {
  readonly planning: StageUsage;
  readonly tasks: StageUsage;
  readonly synthesis: StageUsage;
}

export interface DispatchIndexTask {
  readonly task_id: string;
  readonly agent: string;
  /** For a copy made by `for_each`: the file it works on. */
  readonly file: string | null;
  /** Final once the dispatch has ended; `pending`, `queued`, `running` or `retrying` while it runs. */
  readonly status: TaskStatus;
  readonly dependencies: readonly string[];
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly duration_ms: number | null;
  readonly attempts: number;
  readonly error: TaskErrorInfo | null;
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** US dollars over the task's model calls (0 without any); null when a call's price is unknown. */
  readonly cost_usd: number | null;
  /** MCP tool calls the task made (every attempt); 0 in indexes written before tools existed. */
  readonly tool_calls: number;
  /** `hit` or `miss` when the result cache applied to the task; null otherwise. */
  readonly cache: TaskCacheRecord['status'] | null;
  /** Relative to the trace directory; null until the task's trace file is written, or when it could not be. */
  readonly trace_file: string | null;
  /** Why the task's trace file could not be written (`not written: no space left on the device`); null otherwise. */
  readonly trace_error: string | null;
}

/** `trace_dir/dispatch-<YYYYMMDD_HHMMSS>-<id>.json` */
export interface DispatchIndex {
  readonly schema_version: number;
  readonly dispatch_id: string;
  readonly correlation_id: string;
  readonly dispatch_timestamp: string;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly total_time_ms: number | null;
  readonly task_count: number;
  readonly config: Readonly<Record<string, unknown>>;
  readonly source: { readonly path: string | null; readonly sha256: string };
  readonly workspace: string;
  readonly user_prompt: string | null;
  readonly dry_run: boolean;
  /** The dispatch this one reran the failed tasks of (`pdispatch rerun`, the editor's "Rerun Failed Tasks"); null otherwise. */
  readonly rerun_of: string | null;
  /** The request a planned dispatch came from and its dispatch file; null when it was not planned. */
  readonly planned_from: PlannedFrom | null;
  /**
   * The synthesised answer; null when none was asked for (or the dispatch was a dry run or
   * cancelled). While it is being made, `status` is still `running` and this is present with
   * both `answer` and `error` null.
   */
  readonly synthesis: IndexSynthesis | null;
  /** `running` until the tasks and the synthesis, if any, have ended. */
  readonly status: DispatchStatus;
  readonly summary: DispatchSummary;
  readonly tasks: readonly DispatchIndexTask[];
}

/** How the result cache served a task: `hit` (its stored result reused, no model call) or `miss` (it ran). */
export interface TaskCacheRecord {
  readonly status: 'hit' | 'miss';
  /** The key its result is stored under (a SHA-256 of everything known before it runs). */
  readonly key: string;
  /** A miss whose result was stored; false for a hit. */
  readonly stored: boolean;
  /** Why a miss's result was not stored (a file it read changed while it ran, …); null otherwise. */
  readonly reason: string | null;
  /** The tokens the stored result cost when it was made: what a hit saved. */
  readonly saved_input_tokens: number;
  readonly saved_output_tokens: number;
  /** Files a hit wrote back because they differed from what the task had written. */
  readonly restored_files: readonly string[];
}

/** Cache hits of a dispatch and the tokens they saved. */
export interface CacheSummary {
  readonly hits: number;
  readonly misses: number;
  /** Results of this dispatch's misses that went into the cache (a failure or a file changed mid-run is not stored). */
  readonly stored: number;
  readonly saved_input_tokens: number;
  readonly saved_output_tokens: number;
}

/** One thing that happened to a task, as kept in its trace. */
export interface TaskTraceEvent {
  readonly at: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** `trace_dir/<dispatch id>/<task_id>.json` */
export interface TaskTrace {
  readonly schema_version: number;
  readonly task_id: string;
  readonly dispatch_id: string;
  readonly correlation_id: string;
  readonly agent: string;
  readonly description: string;
  /** For a copy made by `for_each`: the file it works on. */
  readonly file: string | null;
  readonly dependencies: readonly string[];
  readonly status: FinalTaskStatus;
  /** True when the dispatch ran with --dry-run and no agent ran. */
  readonly dry_run: boolean;
  readonly input: unknown;
  readonly output: unknown;
  readonly error: TaskErrorInfo | null;
  readonly attempts: readonly AttemptRecord[];
  readonly events: readonly TaskTraceEvent[];
  readonly model_calls: readonly ModelCallRecord[];
  /** US dollars over `model_calls` (0 without any); null when a call's price is unknown. */
  readonly cost_usd: number | null;
  /** The task's own `budget` and what it spent of it; null when it has none. */
  readonly budget: BudgetState | null;
  /** MCP tool calls, in the order they started; empty in traces written before tools existed. */
  readonly tool_calls: readonly ToolCallRecord[];
  readonly files: readonly FileRecord[];
  /** Null when the result cache did not apply to the task, and in traces written before it existed. */
  readonly cache: TaskCacheRecord | null;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly duration_ms: number | null;
}
