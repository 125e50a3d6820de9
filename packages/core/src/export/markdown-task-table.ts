import { formatCount } from '../text/format-count.js';
import { formatDuration } from '../text/format-duration.js';
import { formatTokens } from '../text/format-tokens.js';
import { formatUsd } from '../text/format-usd.js';
import type { DispatchIndexTask } from '../tracing/trace-format.js';
import { code, markdownText, statusLabel } from './markdown-format.js';

export interface TaskTableOptions {
  /** Rows shown; the rest become one "… N more tasks" row. */
  readonly limit?: number;
  /** Most characters of an error message. */
  readonly errorWidth: number;
  /** Leave out the agent, tokens and cost columns. */
  readonly compact?: boolean;
  /** Where the tasks left out are, for the "… N more tasks" row (`the trace artifact`); the traces by default. */
  readonly restAreIn?: string;
}

const RIGHT_ALIGNED: ReadonlySet<string> = new Set(['Duration', 'Tokens', 'Cost', 'Tool calls']);

/** A Markdown table of tasks: status, agent, duration, tokens, cost (when any task called a model), tool calls (when any task made one), error. */
export function taskTable(tasks: readonly DispatchIndexTask[], options: TaskTableOptions): string {
  const shown = tasks.slice(0, options.limit ?? tasks.length);
  const withToolCalls = tasks.some((task) => task.tool_calls > 0);
  const withCost = !options.compact && tasks.some(calledModel);
  const columns = [
    'Task',
    'Status',
    ...(options.compact ? [] : ['Agent']),
    'Duration',
    ...(options.compact ? [] : ['Tokens']),
    ...(withCost ? ['Cost'] : []),
    ...(withToolCalls ? ['Tool calls'] : []),
    'Error',
  ];
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map((column) => (RIGHT_ALIGNED.has(column) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const task of shown) {
    const error = task.error === null ? '' : markdownText(`${task.error.kind}: ${task.error.message}`, options.errorWidth);
    const cells = [
      code(task.task_id),
      statusLabel(task.status),
      ...(options.compact ? [] : [code(task.agent)]),
      formatDuration(task.duration_ms),
      ...(options.compact ? [] : [tokens(task)]),
      ...(withCost ? [calledModel(task) ? formatUsd(task.cost_usd) : '–'] : []),
      ...(withToolCalls ? [task.tool_calls === 0 ? '–' : formatCount(task.tool_calls)] : []),
      error,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const hidden = tasks.length - shown.length;
  if (hidden > 0) {
    const note = `… ${formatCount(hidden)} more task${hidden === 1 ? '' : 's'} (all of them are in ${options.restAreIn ?? 'the traces'})`;
    lines.push(`| ${[note, ...columns.slice(1).map(() => '')].join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function tokens(task: DispatchIndexTask): string {
  if (task.cache === 'hit') return '♻️ cached';
  return calledModel(task) ? formatTokens(task.input_tokens, task.output_tokens) : '–';
}

function calledModel(task: DispatchIndexTask): boolean {
  return task.input_tokens + task.output_tokens > 0;
}
