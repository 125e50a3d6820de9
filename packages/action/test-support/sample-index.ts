import type { DispatchIndex, DispatchIndexTask } from '@parallel-dispatcher/core';

const START = Date.parse('2026-11-25T10:00:00.000Z');

/** A task of a dispatch index; `at` and `ms` place it on the timeline (ms after the start). */
export function sampleTask(id: string, fields: Partial<DispatchIndexTask> & { at?: number; ms?: number } = {}): DispatchIndexTask {
  const { at = 0, ms = 1000, ...rest } = fields;
  const status = rest.status ?? 'success';
  const ran = status !== 'skipped';
  return {
    task_id: id,
    agent: 'shell',
    file: null,
    status,
    dependencies: [],
    started_at: ran ? new Date(START + at).toISOString() : null,
    ended_at: ran ? new Date(START + at + ms).toISOString() : null,
    duration_ms: ran ? ms : null,
    attempts: ran ? 1 : 0,
    error: null,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
    tool_calls: 0,
    cache: null,
    trace_file: `dispatch-20261125_100000-abcd1234/${id}.json`,
    trace_error: null,
    ...rest,
  };
}

/** A finished dispatch index over these tasks, with its summary counted from them. */
export function sampleIndex(tasks: readonly DispatchIndexTask[]): DispatchIndex {
  const count = (status: string) => tasks.filter((task) => task.status === status).length;
  const taskTime = tasks.reduce((sum, task) => sum + (task.duration_ms ?? 0), 0);
  const error = count('error');
  const cancelled = count('cancelled');
  return {
    schema_version: 1,
    dispatch_id: 'dispatch-20261125_100000-abcd1234',
    correlation_id: 'c0ffee00-0000-4000-8000-000000000000',
    dispatch_timestamp: '20261125_100000',
    started_at: new Date(START).toISOString(),
    ended_at: new Date(START + 5000).toISOString(),
    total_time_ms: 5000,
    task_count: tasks.length,
    config: {},
    source: { path: '/repo/ci.dispatch.yaml', sha256: '0'.repeat(64) },
    workspace: '/repo',
    user_prompt: null,
    dry_run: false,
    rerun_of: null,
    planned_from: null,
    synthesis: null,
    status: cancelled > 0 ? 'cancelled' : error + count('skipped') > 0 ? 'failure' : 'success',
    summary: {
      total: tasks.length,
      success: count('success'),
      error,
      skipped: count('skipped'),
      cancelled,
      wall_time_ms: 5000,
      task_time_ms: taskTime,
      speedup: Math.round((taskTime / 5000) * 100) / 100,
      critical_path_ms: 4000,
      input_tokens: tasks.reduce((sum, task) => sum + task.input_tokens, 0),
      output_tokens: tasks.reduce((sum, task) => sum + task.output_tokens, 0),
      tokens_by_stage: null,
      tool_calls: tasks.reduce((sum, task) => sum + task.tool_calls, 0),
      cost_usd: tasks.some((task) => task.cost_usd === null) ? null : tasks.reduce((sum, task) => sum + (task.cost_usd ?? 0), 0),
      budget: null,
      cache: null,
    },
    tasks,
  };
}
