import { describeEvent, formatDuration, oneLine, statusSymbol, type DispatchEvent } from '@parallel-dispatcher/core';
import type { ProgressReporter } from './progress-reporter.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_RUNNING_SHOWN = 8;

/**
 * A live view for terminals: finished tasks scroll by as permanent lines;
 * below them a block, redrawn ten times a second, shows the running tasks
 * with their latest progress and the counts so far.
 */
export class LiveProgress implements ProgressReporter {
  private readonly running = new Map<string, { since: number; note: string }>();
  private readonly counts = { success: 0, error: 0, skipped: 0, cancelled: 0, queued: 0 };
  private total = 0;
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
    switch (event.type) {
      case 'dispatch-started':
        this.total = event.task_count;
        this.startedAt = event.at;
        return;
      case 'task-queued':
        this.counts.queued++;
        return;
      case 'task-started':
        if (event.attempt === 1) this.counts.queued--;
        this.running.set(event.task_id, { since: event.at, note: '' });
        return;
      case 'task-progress': {
        const task = this.running.get(event.task_id);
        if (task !== undefined) task.note = event.message;
        return;
      }
      case 'task-retrying':
        this.running.delete(event.task_id);
        this.counts.queued++;
        return;
      case 'task-finished': {
        if (!this.running.delete(event.task_id) && event.status === 'cancelled') this.counts.queued = Math.max(0, this.counts.queued - 1);
        this.counts[event.status]++;
        const reason = event.error === undefined ? '' : `  ${oneLine(event.error.message, this.width() - event.task_id.length - 20)}`;
        this.print(`${statusSymbol(event.status)} ${event.task_id} ${formatDuration(event.duration_ms)}${reason}`);
        return;
      }
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
    const done = this.counts.success + this.counts.error + this.counts.skipped + this.counts.cancelled;
    const lines = [...this.running].slice(0, MAX_RUNNING_SHOWN).map(([id, task]) =>
      oneLine(`${spinner} ${id} ${formatDuration(now - task.since)}${task.note === '' ? '' : `  ${task.note}`}`, this.width()),
    );
    if (this.running.size > MAX_RUNNING_SHOWN) lines.push(`  … and ${this.running.size - MAX_RUNNING_SHOWN} more running`);
    lines.push(
      `${done}/${this.total} done · ${this.running.size} running · ${this.counts.queued} queued · ${this.counts.error} failed · ${formatDuration(now - this.startedAt)}`,
    );
    this.clear();
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  private width(): number {
    return Math.max(40, (this.stream.columns ?? 80) - 1);
  }
}
