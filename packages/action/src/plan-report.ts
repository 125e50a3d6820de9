import { planSummary, type PreparedDispatch, type SynthesisOutcome } from '@parallel-dispatcher/core';
import type { PlanReport } from './report/report-context.js';

/** What the reports show of a dispatch planned from `request`: its tasks, the files it writes, and the answer. */
export function planReport(request: string, prepared: PreparedDispatch, synthesis: SynthesisOutcome | undefined): PlanReport {
  return {
    request,
    tasks: prepared.graph.ids.map((id) => {
      const task = prepared.tasks.get(id)!;
      return { id, agent: task.spec.agent, dependsOn: task.dependencies, description: task.spec.description ?? '' };
    }),
    filesWritten: planSummary(prepared).files_written,
    answer:
      synthesis === undefined
        ? undefined
        : 'error' in synthesis
          ? { kind: 'failed', error: synthesis.error }
          : { kind: 'answer', answer: synthesis.answer, highlights: synthesis.highlights, followUps: synthesis.follow_ups },
  };
}
