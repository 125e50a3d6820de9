import type { DispatchEvent, FinalTaskStatus } from '@parallel-dispatcher/core';

type Standing = 'queued' | 'running' | FinalTaskStatus;

export interface TaskCountsSnapshot {
  readonly total: number;
  /** Ended, whatever the status. */
  readonly done: number;
  readonly running: number;
  /** Ready and waiting for a worker, or waiting to be retried. */
  readonly queued: number;
  /** Waiting for their dependencies. */
  readonly waiting: number;
  readonly failed: number;
}

/**
 * Where each task of a dispatch stands, from its events. Kept per task rather
 * than as running totals, so a retried or cancelled task is never counted
 * twice: done + running + queued + waiting is always the total.
 */
export class TaskCounts {
  private readonly standing = new Map<string, Standing>();
  private total = 0;

  onEvent(event: DispatchEvent): void {
    switch (event.type) {
      case 'dispatch-started':
        this.total = event.task_count;
        return;
      case 'task-queued':
      case 'task-retrying':
        this.standing.set(event.task_id, 'queued');
        return;
      case 'task-started':
        this.standing.set(event.task_id, 'running');
        return;
      case 'task-finished':
        this.standing.set(event.task_id, event.status);
        return;
      case 'task-progress':
      case 'dispatch-finished':
        return;
    }
  }

  snapshot(): TaskCountsSnapshot {
    const count = (wanted: (standing: Standing) => boolean) => [...this.standing.values()].filter(wanted).length;
    const running = count((standing) => standing === 'running');
    const queued = count((standing) => standing === 'queued');
    const done = this.standing.size - running - queued;
    return { total: this.total, done, running, queued, waiting: Math.max(0, this.total - done - running - queued), failed: count((standing) => standing === 'error') };
  }
}
