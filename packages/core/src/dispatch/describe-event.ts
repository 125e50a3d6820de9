import { formatCacheSummary } from '../text/format-cache-summary.js';
import { formatUsd } from '../text/format-usd.js';
import { formatDuration } from '../text/format-duration.js';
import { oneLine } from '../text/one-line.js';
import { statusSymbol } from '../text/status-symbol.js';
import type { DispatchEvent } from './dispatch-events.js';

/**
 * An event as one log line (the CLI's plain progress, the Action's job log, the editor's output
 * channel), or undefined for `task-queued`, which is not worth one. Always a single line: task
 * text must never start a line of its own, where a runner would read `::command::` in it.
 */
export function describeEvent(event: DispatchEvent): string | undefined {
  const line = describe(event);
  return line?.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function describe(event: DispatchEvent): string | undefined {
  switch (event.type) {
    case 'dispatch-started':
      return `dispatch ${event.dispatch_id}: ${event.task_count} task${event.task_count === 1 ? '' : 's'}, traces in ${event.trace_index}`;
    case 'task-started':
      return `${statusSymbol('running')} ${event.task_id} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'task-retrying':
      return `${statusSymbol('retrying')} ${event.task_id} failed (${oneLine(event.error.message, 200)}); retrying in ${formatDuration(event.delay_ms)}`;
    case 'task-progress':
      return `  ${event.task_id}: ${oneLine(event.message, 300)}`;
    case 'task-finished': {
      const reason = event.error === undefined ? '' : `: ${oneLine(`${event.error.kind}: ${event.error.message}`, 500)}`;
      return `${statusSymbol(event.status)} ${event.task_id} ${event.status} in ${formatDuration(event.duration_ms)}${reason}`;
    }
    case 'synthesis-started':
      return 'synthesising the answer from the tasks\' results';
    case 'synthesis-finished':
      return event.ok ? 'synthesis done' : `synthesis failed: ${oneLine(event.error ?? 'unknown error', 500)}`;
    case 'dispatch-finished': {
      const { summary } = event;
      return `dispatch ${event.status}: ${summary.success} succeeded, ${summary.error} failed, ${summary.skipped} skipped, ${summary.cancelled} cancelled in ${formatDuration(summary.wall_time_ms)} (speedup ${summary.speedup.toFixed(2)}×)${summary.tool_calls > 0 ? `; ${summary.tool_calls} tool call${summary.tool_calls === 1 ? '' : 's'}` : ''}${summary.input_tokens + summary.output_tokens > 0 ? `; ${formatUsd(summary.cost_usd)}` : ''}${summary.cache !== null && summary.cache.hits > 0 ? `; ${formatCacheSummary(summary.cache)}` : ''}`;
    }
    case 'task-queued':
      return undefined;
  }
}
