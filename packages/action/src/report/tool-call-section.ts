import { markdownCode as code, formatDuration, htmlText, markdownText, oneLine, plural } from '@parallel-dispatcher/core';
import type { TaskToolCalls } from './report-context.js';

export interface ToolCallSectionLimits {
  /** Failed tasks shown; the rest are counted. */
  readonly tasks: number;
  /** Calls shown per task; the rest are counted. */
  readonly calls: number;
  /** Most characters of the arguments and of a result or error. */
  readonly width: number;
}

const LIMITS: ToolCallSectionLimits = { tasks: 20, calls: 50, width: 160 };

/**
 * The tool calls of the failed tasks, one folded block per task with a row
 * per call: what the model asked for and what came back is often why a task
 * failed. Empty when no failed task made a call.
 */
export function failedToolCallsSection(tasks: readonly TaskToolCalls[], limits: ToolCallSectionLimits = LIMITS): string {
  const withCalls = tasks.filter((task) => task.calls.length > 0);
  if (withCalls.length === 0) return '';
  const blocks = withCalls.slice(0, limits.tasks).map((task) => taskBlock(task, limits));
  const hidden = withCalls.length - limits.tasks;
  if (hidden > 0) blocks.push(`_… ${plural(hidden, 'more failed task')} with tool calls: the trace artifact has them._\n`);
  return `### Tool calls of failed tasks\n\n${blocks.join('\n')}`;
}

function taskBlock(task: TaskToolCalls, limits: ToolCallSectionLimits): string {
  const failed = task.calls.filter((call) => call.error !== null).length;
  const title = `<code>${htmlText(task.taskId)}</code>: ${plural(task.calls.length, 'tool call')}${failed === 0 ? '' : `, ${failed} failed`}`;
  const rows = task.calls.slice(0, limits.calls).map((call, n) => {
    const outcome = call.error === null ? markdownText(call.result ?? '', limits.width) : `❌ ${markdownText(call.error, limits.width)}`;
    return `| ${n + 1} | ${code(`${call.server}.${call.tool}`)} | ${formatDuration(call.duration_ms)} | ${code(oneLine(JSON.stringify(call.arguments) ?? 'null', limits.width))} | ${outcome} |`;
  });
  const hidden = task.calls.length - limits.calls;
  if (hidden > 0) rows.push(`| … | ${plural(hidden, 'more call')} (the trace has them) | | | |`);
  return `<details><summary>${title}</summary>\n\n| # | Tool | Duration | Arguments | Result |\n| ---: | --- | ---: | --- | --- |\n${rows.join('\n')}\n\n</details>\n`;
}
