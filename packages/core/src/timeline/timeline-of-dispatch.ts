import type { DispatchRecord } from '../tracing/dispatch-record.js';
import type { DispatchIndex, TaskTrace } from '../tracing/trace-format.js';
import { buildTimeline } from './build-timeline.js';
import type { Timeline } from './timeline.js';
import type { TimelineSource } from './timeline-source.js';

/** A dispatch index (and the traces read beside it, when there are) as what a timeline is built from. */
export function timelineSourceOfIndex(index: DispatchIndex, traces: ReadonlyMap<string, TaskTrace> = new Map(), extra: Pick<TimelineSource, 'plan' | 'synthesis'> = {}): TimelineSource {
  const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  return {
    dispatchId: index.dispatch_id,
    startedAt: Date.parse(index.started_at),
    endedAt: index.status === 'running' ? null : (time(index.ended_at) ?? Date.parse(index.started_at) + (index.total_time_ms ?? 0)),
    tasks: index.tasks.map((task) => ({
      taskId: task.task_id,
      agent: task.agent,
      file: task.file ?? null,
      status: task.status,
      dependencies: task.dependencies,
      startedAt: time(task.started_at),
      endedAt: time(task.ended_at),
      durationMs: task.duration_ms,
      attempts: task.attempts,
      error: task.error,
      inputTokens: task.input_tokens,
      outputTokens: task.output_tokens,
      costUsd: task.cost_usd,
      cache: task.cache,
      trace: traces.get(task.task_id),
    })),
    ...extra,
  };
}

/** The timeline of a dispatch read from its trace files. `now` ends what still runs. */
export function timelineOfRecord(record: DispatchRecord, now = Date.now()): Timeline {
  return buildTimeline(timelineSourceOfIndex(record.index, record.traces, { plan: record.plan, synthesis: record.synthesis }), now);
}
