import type { DispatchEvent } from '@parallel-dispatcher/core';
import { formatDuration, oneLine, statusSymbol } from '../format.js';
import type { ProgressReporter } from './progress-reporter.js';

/** One line per change, for logs and CI where stderr is not a terminal. */
export class PlainProgress implements ProgressReporter {
  constructor(private readonly write: (text: string) => void) {}

  onEvent(event: DispatchEvent): void {
    const line = describeEvent(event);
    if (line !== undefined) this.write(`${line}\n`);
  }

  close(): void {}
}

/** The one-line description of an event, or undefined for events not worth a line. */
export function describeEvent(event: DispatchEvent): string | undefined {
  switch (event.type) {
    case 'dispatch-started':
      return `dispatch ${event.dispatch_id}: ${event.task_count} task${event.task_count === 1 ? '' : 's'}, traces in ${event.trace_index}`;
    case 'task-started':
      return `${statusSymbol('running')} ${event.task_id} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'task-retrying':
      return `${statusSymbol('retrying')} ${event.task_id} failed (${oneLine(event.error.message, 200)}); retrying in ${formatDuration(event.delay_ms)}`;
    case 'task-finished': {
      const reason = event.error === undefined ? '' : `: ${oneLine(event.error.message, 300)}`;
      return `${statusSymbol(event.status)} ${event.task_id} ${event.status} in ${formatDuration(event.duration_ms)}${reason}`;
    }
    case 'dispatch-finished': {
      const { summary } = event;
      return `dispatch ${event.status}: ${summary.success} succeeded, ${summary.error} failed, ${summary.skipped} skipped, ${summary.cancelled} cancelled in ${formatDuration(summary.wall_time_ms)} (speedup ${summary.speedup}x)`;
    }
    case 'task-queued':
    case 'task-progress':
      return undefined;
  }
}
