import { buildTimeline } from '../src/timeline/build-timeline.js';
import type { Timeline } from '../src/timeline/timeline.js';
import type { TimelineTaskSource } from '../src/timeline/timeline-source.js';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');

interface Bar {
  readonly agent?: string;
  readonly at?: number;
  readonly ms?: number;
  readonly status?: TimelineTaskSource['status'];
}

/** A finished dispatch's timeline; `at` and `ms` place a task (ms after the start), a skipped one never ran. */
export function timelineOf(tasks: readonly (readonly [string, Bar?])[]): Timeline {
  return buildTimeline(
    {
      dispatchId: 'd',
      startedAt: T0,
      endedAt: T0 + 5000,
      tasks: tasks.map(([taskId, bar = {}]): TimelineTaskSource => {
        const { agent = 'shell', at = 0, ms = 1000 } = bar;
        const status = bar.status ?? 'success';
        const ran = status !== 'skipped';
        return {
          taskId, agent, file: null, status, dependencies: [], startedAt: ran ? T0 + at : null, endedAt: ran ? T0 + at + ms : null, durationMs: ran ? ms : null,
          attempts: ran ? 1 : 0, error: null, inputTokens: 0, outputTokens: 0, costUsd: 0, cache: null,
        };
      }),
    },
    0,
  );
}
