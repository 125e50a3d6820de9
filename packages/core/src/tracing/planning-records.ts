import type { ValidationIssue } from '../errors/validation-error.js';
import type { ModelCallRecord } from './model-call-record.js';

/** The tokens one stage of a dispatch (planning, its tasks, the synthesis) spent. */
export interface StageTokens {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/** One file the planner read (`--context`), as `plan.json` records it. */
export interface PlanContextFile {
  /** Relative to the workspace when inside it, else absolute. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** One answer of the planner and what validation said of it. */
export interface PlanRound {
  /** 1 for the first plan, 2 for the first repair, … */
  readonly round: number;
  /** Empty when this round's plan was accepted. */
  readonly problems: readonly ValidationIssue[];
}

/** `trace_dir/<dispatch id>/plan.json`: how a request became the dispatch file that ran. */
export interface PlanRecord {
  readonly schema_version: number;
  readonly request: string;
  readonly model: { readonly provider: string; readonly model: string };
  readonly context_files: readonly PlanContextFile[];
  /** Every call to the planner's model, its prompt and reply included (capped, redacted). */
  readonly model_calls: readonly ModelCallRecord[];
  readonly rounds: readonly PlanRound[];
  readonly status: 'valid' | 'invalid';
  readonly started_at: string;
  readonly duration_ms: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/** What the synthesis step answers. */
export interface SynthesisAnswer {
  /** Markdown. */
  readonly answer: string;
  readonly highlights: readonly string[];
  readonly follow_ups: readonly string[];
}

/** `trace_dir/<dispatch id>/synthesis.json`: the one model call that turned the results into an answer. */
export interface SynthesisRecord {
  readonly schema_version: number;
  readonly request: string;
  readonly model: { readonly provider: string; readonly model: string };
  readonly model_calls: readonly ModelCallRecord[];
  /** Null when the call failed (see `error`). */
  readonly answer: SynthesisAnswer | null;
  readonly error: string | null;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/** The index's `planned_from`: the request a planned dispatch came from. */
export interface PlannedFrom {
  readonly request: string;
  /** The dispatch file the plan was written to (absolute). */
  readonly plan_file: string;
}

/** The index's `synthesis`: the answer, or why there is none. */
export interface IndexSynthesis extends StageTokens {
  /** US dollars; null when the model's price is unknown (and in indexes written before costs). */
  readonly cost_usd: number | null;
  /** Markdown; null when the synthesis call failed, and while it runs (then `error` is null too). */
  readonly answer: string | null;
  readonly highlights: readonly string[];
  readonly follow_ups: readonly string[];
  /** Why there is no answer (`cancelled` when the dispatch was cancelled during the call). */
  readonly error: string | null;
}
