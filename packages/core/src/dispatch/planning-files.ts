import path from 'node:path';
import { sumUsd } from '../cost/model-prices.js';
import type { PlannedFrom, PlanRecord } from '../tracing/planning-records.js';
import type { StageUsage } from '../tracing/trace-format.js';
import { plannedDispatchFile, planRecordFile } from '../tracing/trace-file-names.js';
import type { DispatchRecordFile } from '../tracing/trace-writer.js';
import type { PreparedDispatch } from './prepared-dispatch.js';

/** What a planned dispatch adds to its traces: its files, the index's `planned_from`, the planner's tokens. */
export interface PlanningFiles {
  readonly files: readonly DispatchRecordFile[];
  readonly plannedFrom: PlannedFrom | null;
  readonly tokens: StageUsage;
}

const NOT_PLANNED: PlanningFiles = { files: [], plannedFrom: null, tokens: { input_tokens: 0, output_tokens: 0, cost_usd: 0 } };

/**
 * plan.json, and, when the host wrote the plan to no file, plan.dispatch.json: the plan as a
 * dispatch file, so the dispatch can be run or rerun again. Its workspace is made absolute,
 * as the file lies in the trace directory, not in the workspace.
 */
export function planningFiles(prepared: PreparedDispatch, dispatchId: string, record: PlanRecord | undefined): PlanningFiles {
  if (record === undefined) return NOT_PLANNED;
  const files: DispatchRecordFile[] = [{ file: planRecordFile(dispatchId), value: record }];
  let planFile = prepared.sourcePath;
  if (planFile === null) {
    const file = plannedDispatchFile(dispatchId);
    files.push({ file, value: { ...(prepared.document as Record<string, unknown>), workspace_path: prepared.workspace } });
    planFile = path.join(prepared.traceDir, file);
  }
  return {
    files,
    plannedFrom: { request: record.request, plan_file: planFile },
    tokens: { input_tokens: record.input_tokens, output_tokens: record.output_tokens, cost_usd: planningCost(record) },
  };
}

/** The planner's calls' cost; unknown when a record counts tokens its calls do not account for. */
function planningCost(record: PlanRecord): number | null {
  const counted = record.model_calls.reduce((sum, call) => sum + call.input_tokens + call.output_tokens, 0);
  if (counted !== record.input_tokens + record.output_tokens) return null;
  return sumUsd(record.model_calls.map((call) => call.cost_usd ?? null));
}
