import { describeEvent, type DispatchEvent } from '@parallel-dispatcher/core';
import type { ProgressReporter } from './progress-reporter.js';

/** One line per change, for logs and CI where stderr is not a terminal. */
export class PlainProgress implements ProgressReporter {
  constructor(private readonly write: (text: string) => void) {}

  onEvent(event: DispatchEvent): void {
    // Agents' progress notes are for the live view; a log keeps to starts and ends.
    const line = event.type === 'task-progress' ? undefined : describeEvent(event);
    if (line !== undefined) this.write(`${line}\n`);
  }

  close(): void {}
}
