import path from 'node:path';
import { formatBudget, formatBudgetLeft, formatDuration, formatTokens, formatUsd, oneLine, type DispatchSummary } from '@parallel-dispatcher/core';
import { formatStartTime } from '../format/format-start-time.js';
import { countTasks, isFinished, type DispatchState, type TaskState } from '../traces/dispatch-state.js';
import { dispatchUsageParts } from '../format/dispatch-usage.js';
import { dispatchNodeId, taskNodeId } from './node-ids.js';
import { BUDGET_STOP_ICON, CONTEXT_PREFIX, dispatchStatusIcon, taskStatusIcon, type TreeItemModel } from './tree-item-model.js';

/** What a dispatch is called in the list: its file, else what it was asked to do. */
export function dispatchTitle(dispatch: DispatchState): string {
  if (dispatch.sourcePath !== null) return path.basename(dispatch.sourcePath).replace(/\.dispatch\.(json|ya?ml)$/, '');
  if (dispatch.userPrompt !== null && dispatch.userPrompt.trim() !== '') return oneLine(dispatch.userPrompt, 60);
  return dispatch.dispatchId;
}

/** Elapsed time: the recorded wall time once ended, else time since start. */
export function dispatchDuration(dispatch: DispatchState, now: number): number {
  if (dispatch.endedAt !== null) return dispatch.endedAt - dispatch.startedAt;
  if (dispatch.status === 'running') return Math.max(0, now - dispatch.startedAt);
  return dispatch.summary?.wall_time_ms ?? 0;
}

/** Tasks a rerun would run again: those that did not succeed in a finished dispatch. */
export function rerunnableTasks(dispatch: DispatchState): TaskState[] {
  if (dispatch.status === 'running' || dispatch.dryRun) return [];
  return dispatch.tasks.filter((task) => task.status !== 'success');
}

export function dispatchItem(dispatch: DispatchState, now: number): TreeItemModel {
  const counts = countTasks(dispatch.tasks);
  const parts = [`${counts.success}/${counts.total} succeeded`];
  if (counts.running > 0) parts.push(`${counts.running} running`);
  if (counts.error > 0) parts.push(`${counts.error} failed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  if (counts.cancelled > 0) parts.push(`${counts.cancelled} cancelled`);
  if (dispatch.synthesizing) parts.push('synthesising the answer');
  const duration = formatDuration(dispatchDuration(dispatch, now), '');
  const states: string[] = [dispatch.status];
  if (dispatch.live && dispatch.status === 'running') states.push('stoppable');
  if (rerunnableTasks(dispatch).length > 0) states.push('rerunnable');
  if (dispatch.origin === 'opened') states.push('opened');
  const tooltip = [
    `${dispatchTitle(dispatch)} — ${dispatch.status}${dispatch.dryRun ? ' (dry run)' : ''}`,
    `Started ${new Date(dispatch.startedAt).toLocaleString()}${duration === '' ? '' : `, ${dispatch.status === 'running' ? 'running for' : 'took'} ${duration}`}`,
    parts.join(', '),
    dispatch.summary !== null && dispatch.summary.speedup > 0 ? `Speed-up from running in parallel: ${dispatch.summary.speedup}×` : '',
    dispatch.summary !== null && dispatch.summary.tool_calls > 0 ? `MCP tool calls: ${dispatch.summary.tool_calls}` : '',
    ...usageLines(dispatch.summary),
    dispatch.sourcePath === null ? '' : `Dispatch file: ${dispatch.sourcePath}`,
    `Workspace: ${dispatch.workspace}`,
    `Trace: ${dispatch.indexPath}`,
    `Dispatch id: ${dispatch.dispatchId}`,
  ];
  return {
    id: dispatchNodeId(dispatch.dispatchId),
    label: `${formatStartTime(dispatch.startedAt, now)}  ${dispatchTitle(dispatch)}`,
    description: [parts.join(' · '), duration, ...dispatchUsageParts(dispatch.summary), dispatch.origin === 'opened' ? 'opened' : ''].filter((part) => part !== '').join(' · '),
    tooltip: tooltip.filter((line) => line !== '').join('\n'),
    icon: dispatchStatusIcon(dispatch.status),
    contextValue: [`${CONTEXT_PREFIX}:dispatch`, ...states].join(':'),
    collapsible: 'collapsed',
  };
}

/** Cost, budget and cache lines of a dispatch's tooltip; none while it runs (its summary comes at the end). */
function usageLines(summary: DispatchSummary | null): string[] {
  if (summary === null) return [];
  // Indexes written before budgets and the cache have neither field.
  const budget = summary.budget ?? null;
  const cache = summary.cache ?? null;
  return [
    summary.input_tokens + summary.output_tokens > 0 ? `Tokens: ${formatTokens(summary.input_tokens, summary.output_tokens)}` : '',
    summary.input_tokens + summary.output_tokens === 0 ? '' : summary.cost_usd === null ? 'Cost: unknown (a model\'s price is not known; config.prices can give it)' : `Cost: ${formatUsd(summary.cost_usd)}`,
    budget === null ? '' : `Budget: ${formatBudget(budget)}, ${formatBudgetLeft(budget)}`,
    cache === null ? '' : `Result cache: ${cache.hits} hit${cache.hits === 1 ? '' : 's'}, ${cache.misses} miss${cache.misses === 1 ? '' : 'es'}${cache.hits > 0 ? `; saved tokens ${formatTokens(cache.saved_input_tokens, cache.saved_output_tokens)}` : ''}`,
  ];
}

export function taskItem(dispatch: DispatchState, task: TaskState, now: number): TreeItemModel {
  const running = task.status === 'running' || task.status === 'retrying';
  const duration = formatDuration(running && task.startedAt !== null ? now - task.startedAt : task.durationMs, '');
  // Cost goes with tokens: a task that made no model call (a shell task, a cache hit) shows neither.
  const usedModel = task.inputTokens + task.outputTokens > 0;
  const tokens = usedModel ? `tokens ${formatTokens(task.inputTokens, task.outputTokens)}` : '';
  const cost = usedModel ? formatUsd(task.costUsd) : '';
  const cached = task.cache === 'hit' ? 'cache hit' : '';
  const tools = task.toolCalls > 0 ? `${task.toolCalls} tool call${task.toolCalls === 1 ? '' : 's'}` : '';
  const budget = task.error?.kind === 'budget';
  const detail = running && task.progress !== null ? oneLine(task.progress, 60) : (task.status === 'error' || budget) && task.error !== null ? oneLine(task.error.message, budget ? 100 : 60) : '';
  const tooltip = [
    `${task.taskId} (${task.agent}) — ${task.status}${budget ? ' by a budget' : ''}`,
    task.file === null ? '' : `File: ${task.file}`,
    task.dependencies.length === 0 ? '' : `Depends on: ${task.dependencies.join(', ')}`,
    task.attempts > 1 ? `Attempts: ${task.attempts}` : '',
    duration === '' ? '' : `Duration: ${duration}`,
    tokens === '' ? '' : `Tokens: ${formatTokens(task.inputTokens, task.outputTokens)}`,
    cost === '' ? '' : `Cost: ${cost}`,
    cached === '' ? '' : 'Cache hit: its stored result was reused, no model call made',
    tools === '' ? '' : `Tool calls: ${task.toolCalls}`,
    task.error === null ? '' : budget ? `Stopped by a budget: ${task.error.message}` : `${task.error.kind}: ${task.error.message}`,
  ];
  return {
    id: taskNodeId(dispatch.dispatchId, task.taskId),
    label: task.taskId,
    description: [task.agent, duration, tokens, cost, cached, tools, detail].filter((part) => part !== '').join(' · '),
    tooltip: tooltip.filter((line) => line !== '').join('\n'),
    icon: budget ? BUDGET_STOP_ICON : taskStatusIcon(task.status),
    contextValue: `${CONTEXT_PREFIX}:task:${task.status}${budget ? ':budget' : ''}`,
    // A task's details come from its trace file, written when it ends.
    collapsible: isFinished(task.status) ? 'collapsed' : 'none',
  };
}
