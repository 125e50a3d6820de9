import { formatCount, formatDuration, formatTokens, type DispatchIndexTask } from '@parallel-dispatcher/core';
import { code, markdownText, statusLabel } from './format.js';

export interface TaskTableOptions {
  /** Rows shown; the rest become one "… N more tasks" row. */
  readonly limit?: number;
  /** Most characters of an error message. */
  readonly errorWidth: number;
  /** Leave out the agent and tokens columns. */
  readonly compact?: boolean;
}

/** A Markdown table of tasks: status, agent, duration, tokens, error. */
export function taskTable(tasks: readonly DispatchIndexTask[], options: TaskTableOptions): string {
  const shown = tasks.slice(0, options.limit ?? tasks.length);
  const columns = options.compact ? ['Task', 'Status', 'Duration', 'Error'] : ['Task', 'Status', 'Agent', 'Duration', 'Tokens', 'Error'];
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map((column) => (column === 'Duration' || column === 'Tokens' ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const task of shown) {
    const error = task.error === null ? '' : markdownText(`${task.error.kind}: ${task.error.message}`, options.errorWidth);
    const cells = options.compact
      ? [code(task.task_id), statusLabel(task.status), formatDuration(task.duration_ms), error]
      : [code(task.task_id), statusLabel(task.status), code(task.agent), formatDuration(task.duration_ms), tokens(task), error];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const hidden = tasks.length - shown.length;
  if (hidden > 0) {
    const note = `… ${formatCount(hidden)} more task${hidden === 1 ? '' : 's'} (all of them are in the trace artifact)`;
    lines.push(`| ${[note, ...columns.slice(1).map(() => '')].join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function tokens(task: DispatchIndexTask): string {
  return task.input_tokens === 0 && task.output_tokens === 0 ? '–' : formatTokens(task.input_tokens, task.output_tokens);
}
