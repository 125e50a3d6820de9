import type { DispatchIndex, DispatchStatus, DispatchSummary, IndexSynthesis, PlannedFrom, TaskErrorInfo, TaskStatus } from '@parallel-dispatcher/core';

/** Where a dispatch shown in the editor came from. */
export type DispatchOrigin = 'workspace' | 'opened';

/** A task as the editor shows it: from a dispatch index, or kept up to date by live events. */
export interface TaskState {
  readonly taskId: string;
  agent: string;
  file: string | null;
  status: TaskStatus;
  dependencies: readonly string[];
  /** Epoch ms. */
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  attempts: number;
  error: TaskErrorInfo | null;
  inputTokens: number;
  outputTokens: number;
  /** US dollars over its model calls (0 without any); null when a call's price is unknown. */
  costUsd: number | null;
  /** `hit` when its stored result was reused (no model call), `miss` when it ran; null when the cache did not apply. */
  cache: 'hit' | 'miss' | null;
  /** MCP tool calls the task made; known once its index entry is written. */
  toolCalls: number;
  /** Relative to the trace directory; null until it is written, or when it could not be. */
  traceFile: string | null;
  /** The agent's latest progress note while it runs. */
  progress: string | null;
}

/** A dispatch as the editor shows it. Mutable: the store updates it in place as events arrive. */
export interface DispatchState {
  /** The dispatch id (`dispatch-<stamp>-<hex>`): stable across refreshes and windows. */
  readonly dispatchId: string;
  indexPath: string;
  traceDir: string;
  status: DispatchStatus;
  startedAt: number;
  endedAt: number | null;
  sourcePath: string | null;
  /** What the dispatch was for, when it came from no file (selected files, reruns). */
  userPrompt: string | null;
  workspace: string;
  dryRun: boolean;
  summary: DispatchSummary | null;
  /** The request a planned dispatch came from ("Ask…", @dispatch, `pdispatch ask`), and its plan file. */
  plannedFrom: PlannedFrom | null;
  /** The synthesised answer, or why there is none; null when the run asked for none. */
  synthesis: IndexSynthesis | null;
  /** Between the tasks' end and the answer. */
  synthesizing: boolean;
  tasks: TaskState[];
  origin: DispatchOrigin;
  /** Run by this window right now: its events, not its index file, are the truth. */
  live: boolean;
}

export function dispatchStateFromIndex(index: DispatchIndex, indexPath: string, traceDir: string, origin: DispatchOrigin): DispatchState {
  return {
    dispatchId: index.dispatch_id,
    indexPath,
    traceDir,
    status: index.status,
    startedAt: Date.parse(index.started_at),
    endedAt: index.ended_at === null ? null : Date.parse(index.ended_at),
    sourcePath: index.source?.path ?? null,
    userPrompt: index.user_prompt ?? null,
    workspace: index.workspace,
    dryRun: index.dry_run ?? false,
    summary: index.summary ?? null,
    plannedFrom: index.planned_from ?? null,
    synthesis: index.synthesis ?? null,
    synthesizing: false,
    origin,
    live: false,
    tasks: index.tasks.map((task) => ({
      taskId: task.task_id,
      agent: task.agent,
      file: task.file ?? null,
      status: task.status,
      dependencies: task.dependencies ?? [],
      startedAt: parseTime(task.started_at),
      endedAt: parseTime(task.ended_at),
      durationMs: task.duration_ms ?? null,
      attempts: task.attempts ?? 0,
      error: task.error ?? null,
      inputTokens: task.input_tokens ?? 0,
      outputTokens: task.output_tokens ?? 0,
      costUsd: task.cost_usd ?? null,
      cache: task.cache ?? null,
      toolCalls: task.tool_calls,
      traceFile: task.trace_file,
      progress: null,
    })),
  };
}

/** Counts by final status, plus running and waiting ones. */
export interface TaskCounts {
  readonly total: number;
  readonly success: number;
  readonly error: number;
  readonly skipped: number;
  readonly cancelled: number;
  readonly running: number;
  readonly waiting: number;
}

export function countTasks(tasks: readonly TaskState[]): TaskCounts {
  const counts = { total: tasks.length, success: 0, error: 0, skipped: 0, cancelled: 0, running: 0, waiting: 0 };
  for (const task of tasks) {
    if (task.status === 'running' || task.status === 'retrying') counts.running++;
    else if (task.status === 'pending' || task.status === 'queued') counts.waiting++;
    else counts[task.status]++;
  }
  return counts;
}

export function isFinished(status: TaskStatus): boolean {
  return status === 'success' || status === 'error' || status === 'skipped' || status === 'cancelled';
}

function parseTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
