import type { DispatchErrorKind } from '../errors/dispatch-error.js';

export type FinalTaskStatus = 'success' | 'error' | 'skipped' | 'cancelled';
export type TaskStatus = 'pending' | 'queued' | 'running' | 'retrying' | FinalTaskStatus;

export interface TaskErrorInfo {
  readonly kind: DispatchErrorKind;
  readonly message: string;
}

/** One try at running a task. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly started_at: string;
  readonly ended_at: string;
  readonly duration_ms: number;
  readonly status: 'success' | 'error' | 'cancelled';
  readonly error?: TaskErrorInfo;
}

/** How a task ended. Times are epoch milliseconds; undefined when it never started. */
export interface TaskOutcome {
  readonly status: FinalTaskStatus;
  readonly output: unknown;
  readonly error: TaskErrorInfo | undefined;
  readonly attempts: readonly AttemptRecord[];
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
}

export function isFinal(status: TaskStatus): status is FinalTaskStatus {
  return status === 'success' || status === 'error' || status === 'skipped' || status === 'cancelled';
}
