import { formatUsd, type DispatchIndex } from '@parallel-dispatcher/core';
import type { DispatchRun } from './dispatch-runs.js';

/** The most of one task's output get_dispatch returns; the whole output is in its trace. */
const OUTPUT_CHARACTERS = 4000;

/** What get_dispatch (and run_dispatch with wait) says of a dispatch: from the result once it ended, from its events while it runs. */
export function dispatchReport(run: DispatchRun) {
  const { result } = run;
  const common = { dispatch_id: run.id, trace_index: run.traceIndex, trace_folder: run.traceFolder };
  if (result === undefined) {
    return {
      ...common,
      status: run.failure === undefined ? 'running' : 'error',
      ...(run.failure === undefined ? {} : { error: run.failure }),
      tasks: [...run.statuses].map(([task_id, status]) => ({ task_id, status })),
    };
  }
  const { index } = result;
  return {
    ...common,
    status: result.status,
    ...spending(index),
    summary: index.summary,
    tasks: index.tasks.map((task) => {
      const output = result.redactor.redactValue(result.outcomes.get(task.task_id)?.output ?? null);
      return { task_id: task.task_id, status: task.status, duration_ms: task.duration_ms, tool_calls: task.tool_calls, cache: task.cache, error: task.error, output: capped(output) };
    }),
    ...(index.synthesis == null ? {} : { answer: index.synthesis.answer, ...(index.synthesis.error == null ? {} : { synthesis_error: index.synthesis.error }) }),
    ...(result.traceError === undefined ? {} : { trace_error: result.traceError.message }),
  };
}

/**
 * What the dispatch cost and saved, for a reader who does not add up the summary: `cost` as
 * `$0.0123` or `cost unknown`, `cache_hits` (null without the cache), and `budget_stop`, the
 * message of the budget that stopped it, when one did.
 */
function spending(index: DispatchIndex) {
  const { summary } = index;
  const budgetStop = index.tasks.find((task) => task.error?.kind === 'budget')?.error?.message;
  return { cost: formatUsd(summary.cost_usd), cache_hits: summary.cache?.hits ?? null, ...(budgetStop === undefined ? {} : { budget_stop: budgetStop }) };
}

/** Text as it is up to the cap; anything else as JSON text when its JSON is over it. */
function capped(output: unknown): unknown {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  if (text === undefined || text.length <= OUTPUT_CHARACTERS) return output;
  return `${text.slice(0, OUTPUT_CHARACTERS)}… (cut at ${OUTPUT_CHARACTERS} characters; the whole output is in the task's trace)`;
}
