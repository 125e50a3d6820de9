import { taskTraceFile, type DispatchEvent, type DispatchIndex } from '@parallel-dispatcher/core';
import type { DispatchState } from './dispatch-state.js';

/** What is known of a dispatch this window starts, when core reports `dispatch-started`. */
export interface LiveDispatchStart {
  readonly dispatchId: string;
  readonly indexPath: string;
  readonly traceDir: string;
  readonly startedAt: number;
  readonly sourcePath: string | null;
  readonly userPrompt: string | null;
  readonly workspace: string;
  readonly tasks: readonly { readonly taskId: string; readonly agent: string; readonly file: string | null; readonly dependencies: readonly string[] }[];
}

export function liveDispatchState(start: LiveDispatchStart): DispatchState {
  return {
    dispatchId: start.dispatchId,
    indexPath: start.indexPath,
    traceDir: start.traceDir,
    status: 'running',
    startedAt: start.startedAt,
    endedAt: null,
    sourcePath: start.sourcePath,
    userPrompt: start.userPrompt,
    workspace: start.workspace,
    dryRun: false,
    summary: null,
    plannedFrom: null,
    synthesis: null,
    synthesizing: false,
    origin: 'workspace',
    live: true,
    tasks: start.tasks.map((task) => ({
      taskId: task.taskId,
      agent: task.agent,
      file: task.file,
      status: 'pending',
      dependencies: task.dependencies,
      startedAt: null,
      endedAt: null,
      durationMs: null,
      attempts: 0,
      error: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      cache: null,
      toolCalls: 0,
      traceFile: taskTraceFile(start.dispatchId, task.taskId),
      progress: null,
    })),
  };
}

/**
 * Applies one of core's live events to a dispatch this window runs. Returns the ids of the tasks
 * whose rows changed; the dispatch's own row changes with every event.
 */
export function applyDispatchEvent(state: DispatchState, event: DispatchEvent): string[] {
  if (event.type === 'dispatch-started') return [];
  if (event.type === 'dispatch-finished') {
    state.status = event.status;
    state.summary = event.summary;
    state.endedAt = event.at;
    state.live = false;
    state.synthesizing = false;
    return [];
  }
  // No task row changes with the synthesis; the dispatch's row says it runs.
  if (event.type === 'synthesis-started' || event.type === 'synthesis-finished') {
    state.synthesizing = event.type === 'synthesis-started';
    return [];
  }
  const task = state.tasks.find((candidate) => candidate.taskId === event.task_id);
  if (task === undefined) return [];
  switch (event.type) {
    case 'task-queued':
      task.status = 'queued';
      break;
    case 'task-started':
      task.status = 'running';
      task.startedAt ??= event.at;
      task.attempts = event.attempt;
      task.progress = null;
      break;
    case 'task-retrying':
      task.status = 'retrying';
      task.error = event.error;
      break;
    case 'task-progress':
      task.progress = event.message;
      break;
    case 'task-finished':
      task.status = event.status;
      task.error = event.error ?? null;
      task.attempts = event.attempts;
      task.endedAt = task.startedAt === null ? null : event.at;
      task.durationMs = task.startedAt === null ? null : event.duration_ms;
      task.progress = null;
      break;
  }
  return [task.taskId];
}

/**
 * While a dispatch runs here its events are the truth, but only the index file knows the tokens,
 * cost and cache use of its tasks so far. Returns the tasks whose counts changed.
 */
export function mergeUsage(state: DispatchState, index: DispatchIndex): string[] {
  const changed: string[] = [];
  for (const written of index.tasks) {
    const task = state.tasks.find((candidate) => candidate.taskId === written.task_id);
    if (task === undefined) continue;
    const input = written.input_tokens ?? 0;
    const output = written.output_tokens ?? 0;
    const cost = written.cost_usd ?? null;
    const cache = written.cache ?? null;
    if (task.inputTokens === input && task.outputTokens === output && task.costUsd === cost && task.cache === cache) continue;
    task.inputTokens = input;
    task.outputTokens = output;
    task.costUsd = cost;
    task.cache = cache;
    changed.push(task.taskId);
  }
  return changed;
}
