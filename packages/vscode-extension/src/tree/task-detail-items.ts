import { callTokens, displayPath, formatBudget, formatBudgetLeft, formatDuration, formatTokens, formatUsd, oneLine, type FileRecord, type ModelCallRecord, type TaskCacheRecord, type TaskTrace, type ToolCallRecord } from '@parallel-dispatcher/core';
import { detailNodeId } from './node-ids.js';
import { compactJson, MAX_CHARS, summariseOutput } from './summarise-value.js';
import { OPEN_TRACE_ITEM_COMMAND, type TraceItemRef } from './trace-item-ref.js';
import { BUDGET_STOP_ICON, CONTEXT_PREFIX, type TreeItemModel } from './tree-item-model.js';

/** The groups under a task that have children of their own. */
export type DetailGroup = 'model-calls' | 'tool-calls' | 'files';

export const DETAIL_GROUPS: readonly DetailGroup[] = ['model-calls', 'tool-calls', 'files'];

function open(ref: TraceItemRef, title: string) {
  return { command: OPEN_TRACE_ITEM_COMMAND, title, arguments: [ref] } as const;
}

/** The rows under a task: input, output, error, cache, budget, model calls, tool calls and files, from its trace. */
export function taskDetailItems(dispatchId: string, trace: TaskTrace): TreeItemModel[] {
  const { task_id: taskId } = trace;
  const id = (detail: string) => detailNodeId(dispatchId, taskId, detail);
  const items: TreeItemModel[] = [
    {
      id: id('input'),
      label: 'Input',
      description: compactJson(trace.input ?? {}),
      tooltip: `What ${taskId} was given (input_data). Click to open.`,
      icon: { id: 'symbol-parameter' },
      contextValue: `${CONTEXT_PREFIX}:detail:input`,
      collapsible: 'none',
      command: open({ dispatchId, taskId, part: 'input' }, 'Open Input'),
    },
  ];
  if (trace.status === 'success' || (trace.output !== null && trace.output !== undefined)) {
    items.push({
      id: id('output'),
      label: 'Output',
      description: summariseOutput(trace.output),
      tooltip: `What ${taskId} returned (passed to its dependents). Click to open.`,
      icon: { id: 'output' },
      contextValue: `${CONTEXT_PREFIX}:detail:output`,
      collapsible: 'none',
      command: open({ dispatchId, taskId, part: 'output' }, 'Open Output'),
    });
  }
  if (trace.error !== null && trace.error !== undefined) {
    const budget = trace.error.kind === 'budget';
    items.push({
      id: id('error'),
      label: budget ? 'Stopped by a budget' : 'Error',
      description: oneLine(budget ? trace.error.message : `${trace.error.kind}: ${trace.error.message}`, MAX_CHARS),
      tooltip: `${trace.error.kind}: ${trace.error.message}`,
      icon: budget ? BUDGET_STOP_ICON : { id: 'error', color: 'testing.iconFailed' },
      contextValue: `${CONTEXT_PREFIX}:detail:error`,
      collapsible: 'none',
      command: open({ dispatchId, taskId, part: 'error' }, 'Open Error'),
    });
  }
  if (trace.cache !== null && trace.cache !== undefined) items.push(cacheItem(dispatchId, trace.task_id, trace.cache));
  if (trace.budget !== null && trace.budget !== undefined) {
    items.push({
      id: id('budget'),
      label: 'Budget',
      description: `${formatBudget(trace.budget)}, ${formatBudgetLeft(trace.budget)}`,
      tooltip: `${taskId}'s own budget: ${formatBudget(trace.budget)}, ${formatBudgetLeft(trace.budget)}`,
      icon: { id: 'credit-card' },
      contextValue: `${CONTEXT_PREFIX}:detail:budget`,
      collapsible: 'none',
    });
  }
  const calls = trace.model_calls ?? [];
  if (calls.length > 0) {
    const { input_tokens: input, output_tokens: output } = callTokens(calls);
    const cost = formatUsd(trace.cost_usd ?? null);
    items.push({
      id: id('model-calls'),
      label: `Model calls (${calls.length})`,
      description: `tokens ${formatTokens(input, output)} · ${cost}`,
      tooltip: `${formatTokens(input, output)} tokens in ${calls.length} call${calls.length === 1 ? '' : 's'}; ${cost}`,
      icon: { id: 'sparkle' },
      contextValue: `${CONTEXT_PREFIX}:detail:model-calls`,
      collapsible: 'collapsed',
    });
  }
  const tools = trace.tool_calls ?? [];
  if (tools.length > 0) {
    const failed = tools.filter((call) => call.error !== null).length;
    const servers = [...new Set(tools.map((call) => call.server))];
    items.push({
      id: id('tool-calls'),
      label: `Tool calls (${tools.length})`,
      description: [servers.join(', '), failed === 0 ? '' : `${failed} failed`].filter((part) => part !== '').join(' · '),
      tooltip: `${tools.length} MCP tool call${tools.length === 1 ? '' : 's'} to ${servers.join(', ')}${failed === 0 ? '' : `; ${failed} failed`}`,
      icon: failed === 0 ? { id: 'tools' } : { id: 'tools', color: 'testing.iconFailed' },
      contextValue: `${CONTEXT_PREFIX}:detail:tool-calls`,
      collapsible: 'collapsed',
    });
  }
  const files = trace.files ?? [];
  if (files.length > 0) {
    const written = files.filter((file) => file.action === 'written').length;
    items.push({
      id: id('files'),
      label: written > 0 ? `Files (${written} written)` : `Files (${files.length} read)`,
      description: written > 0 && files.length > written ? `${files.length - written} read` : '',
      icon: { id: 'files' },
      contextValue: `${CONTEXT_PREFIX}:detail:files`,
      collapsible: written > 0 ? 'expanded' : 'collapsed',
    });
  }
  return items;
}

/** Children of the "Model calls", "Tool calls" and "Files" rows; file paths are shown relative to the dispatch's workspace. */
export function detailGroupItems(dispatchId: string, trace: TaskTrace, group: DetailGroup, workspace: string): TreeItemModel[] {
  const taskId = trace.task_id;
  if (group === 'model-calls') return (trace.model_calls ?? []).map((call, index) => modelCallItem(dispatchId, taskId, call, index));
  if (group === 'tool-calls') return (trace.tool_calls ?? []).map((call, index) => toolCallItem(dispatchId, taskId, call, index));
  // Written files first: they are what a reviewer came for.
  const files = (trace.files ?? []).map((file, index) => ({ file, index }));
  const ordered = [...files.filter(({ file }) => file.action === 'written'), ...files.filter(({ file }) => file.action !== 'written')];
  return ordered.map(({ file, index }) => fileItem(dispatchId, taskId, file, index, workspace));
}

function modelCallItem(dispatchId: string, taskId: string, call: ModelCallRecord, index: number): TreeItemModel {
  const parts = [`tokens ${formatTokens(call.input_tokens, call.output_tokens)}`, formatUsd(call.cost_usd ?? null), formatDuration(call.duration_ms, ''), call.attempts > 1 ? `${call.attempts} attempts` : '', call.error === undefined ? '' : 'failed'];
  return {
    id: detailNodeId(dispatchId, taskId, `model-calls/${index}`),
    label: `${index + 1}. ${call.provider}:${call.model}`,
    description: parts.filter((part) => part !== '').join(' · '),
    tooltip: [`${call.provider}:${call.model} at ${call.started_at}`, `finish: ${call.finish_reason}`, call.error ?? ''].filter((line) => line !== '').join('\n'),
    icon: call.error === undefined ? { id: 'comment-discussion' } : { id: 'comment-discussion', color: 'testing.iconFailed' },
    contextValue: `${CONTEXT_PREFIX}:detail:model-call`,
    collapsible: 'none',
    command: open({ dispatchId, taskId, part: 'model-call', index }, 'Open Model Call'),
  };
}

/** A hit says what it saved and which files it put back; a miss whether its result was stored for next time. */
function cacheItem(dispatchId: string, taskId: string, cache: TaskCacheRecord): TreeItemModel {
  const hit = cache.status === 'hit';
  const restored = cache.restored_files.length > 0 ? `restored ${cache.restored_files.join(', ')}` : '';
  const description = hit
    ? [`saved tokens ${formatTokens(cache.saved_input_tokens, cache.saved_output_tokens)}`, restored].filter((part) => part !== '').join(' · ')
    : cache.stored
      ? 'ran; result stored for next time'
      : `ran; result not stored${cache.reason === null ? '' : `: ${cache.reason}`}`;
  return {
    id: detailNodeId(dispatchId, taskId, 'cache'),
    label: hit ? 'Cache hit' : 'Cache miss',
    description: oneLine(description, MAX_CHARS),
    tooltip: [hit ? 'Its stored result was reused: no model call was made.' : 'No stored result matched, so it ran.', description, `key ${cache.key}`].join('\n'),
    icon: { id: 'database', ...(hit ? { color: 'testing.iconPassed' } : {}) },
    contextValue: `${CONTEXT_PREFIX}:detail:cache:${cache.status}`,
    collapsible: 'none',
  };
}

function toolCallItem(dispatchId: string, taskId: string, call: ToolCallRecord, index: number): TreeItemModel {
  const failed = call.error !== null;
  return {
    id: detailNodeId(dispatchId, taskId, `tool-calls/${index}`),
    label: `${index + 1}. ${call.server}.${call.tool}`,
    description: [formatDuration(call.duration_ms, ''), failed ? `failed: ${oneLine(call.error ?? '', MAX_CHARS)}` : ''].filter((part) => part !== '').join(' · '),
    tooltip: [`${call.server}.${call.tool} at ${call.started_at}`, failed ? `error: ${call.error}` : '', 'Click to see its arguments and result.'].filter((line) => line !== '').join('\n'),
    icon: failed ? { id: 'error', color: 'testing.iconFailed' } : { id: 'symbol-method' },
    contextValue: `${CONTEXT_PREFIX}:detail:tool-call${failed ? ':failed' : ''}`,
    collapsible: 'none',
    command: open({ dispatchId, taskId, part: 'tool-call', index }, 'Open Tool Call'),
  };
}

function fileItem(dispatchId: string, taskId: string, file: FileRecord, index: number, workspace: string): TreeItemModel {
  const written = file.action === 'written';
  const change = written && file.diff !== undefined ? diffStat(file.diff) : '';
  const description = written ? (file.previous_sha256 === undefined ? 'created' : `changed${change === '' ? '' : ` ${change}`}`) : file.action === 'read' ? 'read' : 'not found';
  return {
    id: detailNodeId(dispatchId, taskId, `files/${index}`),
    label: displayPath(file.path, workspace),
    description,
    tooltip: [file.path, description, file.bytes === undefined ? '' : `${file.bytes} bytes`, file.sha256 === undefined ? '' : `sha256 ${file.sha256}`, written ? 'Click to see what changed.' : ''].filter((line) => line !== '').join('\n'),
    icon: written ? { id: file.previous_sha256 === undefined ? 'diff-added' : 'diff-modified', color: 'gitDecoration.modifiedResourceForeground' } : { id: 'file' },
    contextValue: `${CONTEXT_PREFIX}:file:${file.action}`,
    collapsible: 'none',
    command: open({ dispatchId, taskId, part: 'file', index }, written ? 'Show Changes' : 'Open File'),
  };
}

/** `+3 −1` from a unified diff. */
export function diffStat(diff: string): string {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return added + removed === 0 ? '' : `+${added} −${removed}`;
}
