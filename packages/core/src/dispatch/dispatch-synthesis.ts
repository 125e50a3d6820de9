import { sumUsd } from '../cost/model-prices.js';
import type { TaskOutcome } from '../scheduler/task-outcome.js';
import type { SynthesisTask } from '../synthesis/synthesis-prompt.js';
import type { IndexSynthesis, SynthesisRecord } from '../tracing/planning-records.js';
import type { PreparedDispatch } from './prepared-dispatch.js';

/** The index's `synthesis` while the call is under way: neither an answer nor an error yet. */
export const SYNTHESIS_RUNNING: IndexSynthesis = { answer: null, highlights: [], follow_ups: [], input_tokens: 0, output_tokens: 0, cost_usd: 0, error: null };

/** Every task of a finished dispatch as the synthesis is shown it, in the dispatch's order. */
export function synthesisTasks(prepared: PreparedDispatch, outcomes: ReadonlyMap<string, TaskOutcome>): SynthesisTask[] {
  return prepared.graph.ids.map((id) => {
    const task = prepared.tasks.get(id)!;
    const outcome = outcomes.get(id)!;
    return { task_id: id, agent: task.spec.agent, description: task.spec.description, status: outcome.status, error: outcome.error ?? null, output: outcome.output ?? null };
  });
}

/** What the index keeps of synthesis.json. */
export function indexSynthesis(record: SynthesisRecord): IndexSynthesis {
  const answer = record.answer ?? { answer: null, highlights: [], follow_ups: [] };
  return { ...answer, input_tokens: record.input_tokens, output_tokens: record.output_tokens, cost_usd: sumUsd(record.model_calls.map((call) => call.cost_usd ?? null)), error: record.error };
}
