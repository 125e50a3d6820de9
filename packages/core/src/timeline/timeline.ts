import type { TaskErrorInfo, TaskStatus } from '../scheduler/task-outcome.js';

/**
 * One model of a dispatch in time, from which every picture of it is drawn: the Action's gantt,
 * the editor's timeline, the Perfetto, Markdown, HTML and OpenTelemetry exports. Times are epoch
 * milliseconds; intervals are half-open (`end` is when it stopped), so one that starts as another
 * ends does not overlap it.
 */
export interface Timeline {
  readonly dispatchId: string;
  /** The earliest moment shown: the dispatch's start, or its planning's when that came first. */
  readonly origin: number;
  /** The latest end of anything shown (`now` for what still runs). */
  readonly end: number;
  /** `end - origin`, at least 1 ms so a scale can divide by it. */
  readonly totalMs: number;
  /** Every task of the index: those that started in start order, then the rest in index order. */
  readonly tasks: readonly TimelineTask[];
  /**
   * How many worker lanes the attempts needed: the most that overlap at one moment by their
   * recorded times (`max_workers` in the traces measured so far, but the model does not assume it:
   * it only guarantees that no two attempts on one lane overlap).
   */
  readonly laneCount: number;
  /** The longest chain of dependent tasks by their durations, first task first (the index's `critical_path_ms`). */
  readonly criticalPath: { readonly ids: readonly string[]; readonly lengthMs: number };
  /** Planning before the tasks; null when the dispatch was not planned or its plan.json is missing. */
  readonly planning: TimelineStage | null;
  /** The synthesis after the tasks; null when there was none or its synthesis.json is missing. */
  readonly synthesis: TimelineStage | null;
}

export interface TimelineInterval {
  readonly start: number;
  readonly end: number;
}

export interface TimelineTask {
  readonly taskId: string;
  readonly agent: string;
  /** For a copy made by `for_each`: the file it works on. */
  readonly file: string | null;
  readonly status: TaskStatus;
  readonly dependencies: readonly string[];
  /** From its first attempt's start to its last one's end; null when it never started. */
  readonly span: TimelineInterval | null;
  /** The task's own duration as the index records it (null: never started). */
  readonly durationMs: number | null;
  /** On the critical path. */
  readonly critical: boolean;
  readonly error: TaskErrorInfo | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** US dollars; null when a call's price is unknown. */
  readonly costUsd: number | null;
  /** `hit`: its stored result was reused; `miss`: it ran; null: the cache did not apply. */
  readonly cache: 'hit' | 'miss' | null;
  /** Tries at running it, each on the lane of the worker that ran it; empty when it never started. */
  readonly attempts: readonly TimelineAttempt[];
}

export interface TimelineAttempt extends TimelineInterval {
  /** 1 for the first try. */
  readonly attempt: number;
  /** `running` while it still runs. */
  readonly status: 'success' | 'error' | 'cancelled' | 'running';
  readonly error: TaskErrorInfo | null;
  /** 0-based worker lane; no two attempts on one lane overlap. */
  readonly lane: number;
  /** Model and tool calls made during this attempt, in start order, each inside it. */
  readonly calls: readonly TimelineCall[];
}

/** A model or tool call, nested in the attempt (or stage) that made it. */
export interface TimelineCall extends TimelineInterval {
  readonly kind: 'model' | 'tool';
  /** The model (`openai/gpt-4.1`) or the tool (`server/tool`). */
  readonly name: string;
  /** The call's own duration as recorded. */
  readonly durationMs: number;
  /**
   * 0 for calls one after another; calls that overlap one on an earlier row (tools a model asked
   * for together run at once) go on the next row free at their start, so no two calls on one row overlap.
   */
  readonly row: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
  /** Why it failed; null when it succeeded. */
  readonly error: string | null;
  /** Where the call lies in the trace: `model_calls[index]` or `tool_calls[index]`. */
  readonly index: number;
}

/** Planning or synthesis: a step of the dispatch outside its tasks. */
export interface TimelineStage extends TimelineInterval {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
  readonly calls: readonly TimelineCall[];
}
