import type { TaskErrorInfo, TaskStatus } from '../scheduler/task-outcome.js';
import type { PlanRecord, SynthesisRecord } from '../tracing/planning-records.js';
import type { TaskTrace } from '../tracing/trace-format.js';

/**
 * What a timeline is built from: a dispatch as its index tells it (or as a host follows it live),
 * with the task traces, plan.json and synthesis.json when they can be read. Times are epoch ms.
 */
export interface TimelineSource {
  readonly dispatchId: string;
  readonly startedAt: number;
  /** Null while the dispatch runs: what still runs is drawn up to `now`. */
  readonly endedAt: number | null;
  readonly tasks: readonly TimelineTaskSource[];
  readonly plan?: Pick<PlanRecord, 'started_at' | 'duration_ms' | 'input_tokens' | 'output_tokens' | 'model_calls'> | null;
  readonly synthesis?: Pick<SynthesisRecord, 'started_at' | 'duration_ms' | 'input_tokens' | 'output_tokens' | 'model_calls'> | null;
}

export interface TimelineTaskSource {
  readonly taskId: string;
  readonly agent: string;
  readonly file: string | null;
  readonly status: TaskStatus;
  readonly dependencies: readonly string[];
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly durationMs: number | null;
  /** Tries made, as the index counts them (used when the trace is not at hand). */
  readonly attempts: number;
  readonly error: TaskErrorInfo | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
  readonly cache: 'hit' | 'miss' | null;
  /** Its trace file, for attempts and calls; without it the task is one attempt from its start to its end. */
  readonly trace?: Pick<TaskTrace, 'attempts' | 'model_calls' | 'tool_calls'> | undefined;
}
