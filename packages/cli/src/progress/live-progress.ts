import { describeEvent, formatDuration, oneLine, statusSymbol, type DispatchEvent } from '@parallel-dispatcher/core';
import type { ProgressReporter } from './progress-reporter.js';
import { TaskCounts } from './task-counts.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_RUNNING_SHOWN = 8;

/**
 * A live view for terminals: finished tasks scroll by as permanent lines;
 * below them a block, redrawn ten times a second, shows the running tasks
 * with their latest progress and the counts so far.
 */
export class LiveProgress implements ProgressReporter {
  private readonly running = new Map<string, { since: number; note: string }>();
  private readonly counts = new TaskCounts();
  private startedAt = Date.now();
  private drawnLines = 0;
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
  }

  onEvent(event: DispatchEvent): void {
    this.counts.onEvent(event);
    switch (event.type) {
      case 'dispatch-started':
        this.startedAt = event.at;
        return;
      case 'task-started':
        this.running.set(event.task_id, { since: event.at, note: '' });
        return;
      case 'task-progress': {
        const task = this.running.get(event.task_id);
        if (task !== undefined) task.note = event.message;
        return;
      }
      case 'task-retrying':
        this.running.delete(event.task_id);
        return;
      case 'task-finished': {
        this.running.delete(event.task_id);
        const reason = event.error === undefined ? '' : `  ${oneLine(event.error.message, this.width() - event.task_id.length - 20)}`;
        this.print(`${statusSymbol(event.status)} ${event.task_id} ${formatDuration(event.duration_ms)}${reason}`);
        return;
      }
      case 'synthesis-started':
      case 'synthesis-finished':
        this.print(describeEvent(event)!);
        return;
      case 'dispatch-finished':
        this.close();
        this.stream.write(`${describeEvent(event)}\n`);
        return;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private print(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
    this.draw();
  }

  private clear(): void {
    if (this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    const now = Date.now();
    const spinner = SPINNER[this.frame++ % SPINNER.length]!;
    const counts = this.counts.snapshot();
    const lines = [...this.running].slice(0, MAX_RUNNING_SHOWN).map(([id, task]) =>
      oneLine(`${spinner} ${id} ${formatDuration(now - task.since)}${task.note === '' ? '' : `  ${task.note}`}`, this.width()),
    );
    if (this.running.size > MAX_RUNNING_SHOWN) lines.push(`  … and ${this.running.size - MAX_RUNNING_SHOWN} more running`);
    const waiting = counts.waiting === 0 ? '' : ` · ${counts.waiting} waiting`;
    lines.push(
      `${counts.done}/${counts.total} done · ${counts.running} running · ${counts.queued} queued${waiting} · ${counts.failed} failed · ${formatDuration(now - this.startedAt)}`,
    );
    this.clear();
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  private width(): number {
    return Math.max(40, (this.stream.columns ?? 80) - 1);
  }
}
