import { criticalPath } from '../graph/critical-path.js';
import type { TaskStatus } from '../scheduler/task-outcome.js';
import { assignRows } from './assign-rows.js';
import type { Timeline, TimelineAttempt, TimelineInterval, TimelineStage, TimelineTask } from './timeline.js';
import { intervalAt, modelCalls, nestCalls, toolCalls } from './timeline-calls.js';
import type { TimelineSource, TimelineTaskSource } from './timeline-source.js';

type Unplaced = Omit<TimelineAttempt, 'lane' | 'calls'>;

/** Lays a dispatch out in time: attempts on worker lanes, calls nested in them, the critical path. `now` ends what still runs. */
export function buildTimeline(source: TimelineSource, now: number): Timeline {
  const running = source.endedAt === null;
  const tasks = source.tasks.map((task) => ({ task, attempts: attemptsOf(task, running ? now : source.endedAt!) }));
  const flat = tasks.flatMap(({ attempts }) => attempts);
  const lanes = assignRows(flat);
  const laneOf = new Map(flat.map((attempt, at) => [attempt, lanes[at]!]));

  const durations = new Map(source.tasks.map((task) => [task.taskId, task.durationMs ?? 0]));
  const path = criticalPath(
    source.tasks.map((task) => ({ id: task.taskId, dependencies: task.dependencies })),
    (id) => durations.get(id) ?? 0,
  );
  const critical = new Set(path.ids);

  const laid = tasks.map(({ task, attempts }): TimelineTask => {
    const placed = attempts.map((attempt): TimelineAttempt => ({ ...attempt, lane: laneOf.get(attempt)!, calls: [] }));
    const withCalls = task.trace === undefined ? placed : placeCalls(placed, task.trace);
    return {
      taskId: task.taskId,
      agent: task.agent,
      file: task.file,
      status: task.status,
      dependencies: task.dependencies,
      span: withCalls.length === 0 ? null : { start: withCalls[0]!.start, end: withCalls[withCalls.length - 1]!.end },
      durationMs: task.durationMs,
      critical: critical.has(task.taskId),
      error: task.error,
      inputTokens: task.inputTokens,
      outputTokens: task.outputTokens,
      costUsd: task.costUsd,
      cache: task.cache,
      attempts: withCalls,
    };
  });
  const started = laid.filter((task) => task.span !== null).sort((a, b) => a.span!.start - b.span!.start || a.taskId.localeCompare(b.taskId));
  const never = laid.filter((task) => task.span === null);

  const planning = stage(source.plan);
  const synthesis = stage(source.synthesis);
  const origin = Math.min(source.startedAt, planning?.start ?? Infinity);
  const end = flat.reduce((latest, attempt) => Math.max(latest, attempt.end), Math.max(running ? now : source.endedAt!, origin, synthesis?.end ?? -Infinity));
  return {
    dispatchId: source.dispatchId,
    origin,
    end,
    totalMs: Math.max(1, end - origin),
    tasks: [...started, ...never],
    laneCount: lanes.reduce((count, lane) => Math.max(count, lane + 1), 0),
    criticalPath: { ids: path.ids, lengthMs: path.length },
    planning,
    synthesis,
  };
}

/** A task's tries: from its trace when there is one, else one try from its start to its end (or to `until` while it runs). */
function attemptsOf(task: TimelineTaskSource, until: number): Unplaced[] {
  const recorded = (task.trace?.attempts ?? [])
    .map((attempt): Unplaced => {
      const start = Date.parse(attempt.started_at);
      return { attempt: attempt.attempt, status: attempt.status, error: attempt.error ?? null, start, end: Math.max(start, Date.parse(attempt.ended_at)) };
    })
    .filter((attempt) => Number.isFinite(attempt.start) && Number.isFinite(attempt.end));
  if (recorded.length > 0) return recorded;
  if (task.startedAt === null || !Number.isFinite(task.startedAt)) return [];
  const status = attemptStatus(task.status);
  const end = task.endedAt ?? (status === 'running' ? until : task.startedAt + (task.durationMs ?? 0));
  return [{ attempt: Math.max(1, task.attempts), status, error: task.error, start: task.startedAt, end: Math.max(task.startedAt, end) }];
}

function attemptStatus(status: TaskStatus): TimelineAttempt['status'] {
  return status === 'success' || status === 'error' || status === 'cancelled' ? status : 'running';
}

/** Each recorded call inside the attempt that was running when it started. */
function placeCalls(attempts: TimelineAttempt[], trace: NonNullable<TimelineTaskSource['trace']>): TimelineAttempt[] {
  const calls = [...modelCalls(trace.model_calls ?? []), ...toolCalls(trace.tool_calls ?? [])];
  if (attempts.length === 0 || calls.length === 0) return attempts;
  const byAttempt = new Map<TimelineAttempt, typeof calls>();
  for (const call of calls) {
    const attempt = intervalAt(attempts, call.start);
    if (attempt === null) continue;
    const list = byAttempt.get(attempt);
    if (list === undefined) byAttempt.set(attempt, [call]);
    else list.push(call);
  }
  return attempts.map((attempt) => ({ ...attempt, calls: nestCalls(byAttempt.get(attempt) ?? [], attempt) }));
}

function stage(record: TimelineSource['plan']): TimelineStage | null {
  if (record === null || record === undefined) return null;
  const start = Date.parse(record.started_at);
  if (!Number.isFinite(start)) return null;
  const interval: TimelineInterval = { start, end: start + Math.max(0, record.duration_ms) };
  const calls = modelCalls(record.model_calls);
  const costs = calls.map((call) => call.costUsd);
  return {
    ...interval,
    inputTokens: record.input_tokens,
    outputTokens: record.output_tokens,
    costUsd: costs.some((cost) => cost === null) ? null : costs.reduce<number>((sum, cost) => sum + cost!, 0),
    calls: nestCalls(calls, interval),
  };
}
