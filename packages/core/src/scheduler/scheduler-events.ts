import type { FinalTaskStatus, TaskErrorInfo } from './task-outcome.js';

/** What the scheduler reports as it goes; `at` is epoch milliseconds. */
export type SchedulerEvent =
  | { readonly type: 'task-queued'; readonly task_id: string; readonly at: number }
  | { readonly type: 'task-started'; readonly task_id: string; readonly attempt: number; readonly at: number }
  | {
      readonly type: 'task-retrying';
      readonly task_id: string;
      readonly attempt: number;
      readonly delay_ms: number;
      readonly error: TaskErrorInfo;
      readonly at: number;
    }
  | {
      readonly type: 'task-finished';
      readonly task_id: string;
      readonly status: FinalTaskStatus;
      readonly error: TaskErrorInfo | undefined;
      readonly attempts: number;
      readonly duration_ms: number;
      readonly at: number;
    };
