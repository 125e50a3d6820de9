import type { ToolCallRecord } from '@parallel-dispatcher/core';
import type { ResultCacheReport } from '../result-cache/step-result-cache.js';

/** Where the traces went: the artifact, or why there is none. */
export type ArtifactState =
  | {
      readonly kind: 'uploaded';
      readonly name: string;
      readonly id: number;
      readonly url: string;
      /** Reports written beside the traces (`report.html`, `trace.perfetto.json`); absent when none were. */
      readonly reports?: readonly string[];
    }
  | { readonly kind: 'not-uploaded'; readonly reason: string };

/** What the reports say besides the dispatch index. */
export interface ReportContext {
  /** The dispatch file, relative to the repository root. */
  readonly dispatchFile: string;
  readonly artifact: ArtifactState;
  /** What the step did with the result cache; undefined in reports of steps that ran no task. */
  readonly cache?: ResultCacheReport | undefined;
  /** The workflow run's page. */
  readonly runUrl?: string | undefined;
  /** The commit the run is for (the pull request's head). */
  readonly commit?: string | undefined;
  /** What the comment's hidden marker names (see `commentMarker`); the dispatch file when unset. */
  readonly commentKey?: string | undefined;
  /** Set when the dispatch was planned from a request; `dispatchFile` is then the plan's file. */
  readonly plan?: PlanReport | undefined;
  /** The tool calls of the tasks that failed and made any, read from their traces (already redacted). */
  readonly failedToolCalls?: readonly TaskToolCalls[] | undefined;
}

/** One task's MCP tool calls, as its trace records them. */
export interface TaskToolCalls {
  readonly taskId: string;
  readonly calls: readonly ToolCallRecord[];
}

/** A dispatch the model planned from a request (the `request` input): what the reports add. */
export interface PlanReport {
  /** The user's words, untrusted: shown as quoted text, never as Markdown. */
  readonly request: string;
  readonly tasks: readonly PlanReportTask[];
  /** Files the plan's `coder` tasks write, relative to the workspace. */
  readonly filesWritten: readonly string[];
  readonly answer: PlanAnswer | undefined;
}

export interface PlanReportTask {
  readonly id: string;
  readonly agent: string;
  readonly dependsOn: readonly string[];
  /** Why the task exists, as the planner wrote it. */
  readonly description: string;
}

/** The synthesis: the answer, or why there is none. */
export type PlanAnswer =
  | { readonly kind: 'answer'; readonly answer: string; readonly highlights: readonly string[]; readonly followUps: readonly string[] }
  | { readonly kind: 'failed'; readonly error: string };
