import type { DispatchEvent } from '@parallel-dispatcher/core';
import { formatDuration, oneLine } from './report/format.js';

const SYMBOLS: Record<string, string> = { success: '✓', error: '✗', skipped: '↷', cancelled: '⊘' };

/**
 * One job-log line per event that a person following the run cares about.
 * Always a single line: task text must never start a line of its own, where
 * the runner would read `::command::` in it as a workflow command.
 */
export function describeEvent(event: DispatchEvent): string | undefined {
  switch (event.type) {
    case 'dispatch-started':
      return `dispatch ${event.dispatch_id}: ${event.task_count} task${event.task_count === 1 ? '' : 's'}, index ${event.trace_index}`;
    case 'task-started':
      return `▶ ${event.task_id} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'task-retrying':
      return `↻ ${event.task_id} failed (${oneLine(event.error.message, 200)}); retrying in ${formatDuration(event.delay_ms)}`;
    case 'task-progress':
      return `  ${event.task_id}: ${oneLine(event.message, 300)}`;
    case 'task-finished': {
      const reason = event.error === undefined ? '' : `: ${oneLine(`${event.error.kind}: ${event.error.message}`, 500)}`;
      return `${SYMBOLS[event.status] ?? '·'} ${event.task_id} ${event.status} in ${formatDuration(event.duration_ms)}${reason}`;
    }
    case 'dispatch-finished': {
      const { summary } = event;
      return `dispatch ${event.status}: ${summary.success} succeeded, ${summary.error} failed, ${summary.skipped} skipped, ${summary.cancelled} cancelled in ${formatDuration(summary.wall_time_ms)} (speedup ${summary.speedup.toFixed(2)}×)`;
    }
    case 'task-queued':
      return undefined;
  }
}
