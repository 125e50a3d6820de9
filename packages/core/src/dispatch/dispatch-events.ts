import type { SchedulerEvent } from '../scheduler/scheduler-events.js';
import type { DispatchStatus, DispatchSummary } from '../tracing/trace-format.js';

/**
 * Everything a host can render live: the scheduler's events plus agents' progress, the
 * synthesis (after the tasks, before `dispatch-finished`) and the dispatch's start and end.
 */
export type DispatchEvent =
  | SchedulerEvent
  | {
      readonly type: 'dispatch-started';
      readonly dispatch_id: string;
      readonly correlation_id: string;
      readonly task_count: number;
      readonly trace_index: string;
      readonly at: number;
    }
  | { readonly type: 'task-progress'; readonly task_id: string; readonly message: string; readonly data?: Record<string, unknown>; readonly at: number }
  | { readonly type: 'synthesis-started'; readonly at: number }
  /** `error` says why there is no answer when `ok` is false. */
  | { readonly type: 'synthesis-finished'; readonly ok: boolean; readonly error?: string; readonly at: number }
  | { readonly type: 'dispatch-finished'; readonly status: DispatchStatus; readonly summary: DispatchSummary; readonly at: number };
