import type { DispatchIndex, DispatchIndexTask } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { DispatchStore, type StoreChange } from './dispatch-store.js';

const ID = 'dispatch-20250101_120000-abcdef01';
const T0 = Date.UTC(2025, 0, 1, 12);

function indexTask(taskId: string, status: DispatchIndexTask['status'], extra: Partial<DispatchIndexTask> = {}): DispatchIndexTask {
  return {
    task_id: taskId,
    agent: 'shell',
    file: null,
    status,
    dependencies: [],
    started_at: null,
    ended_at: null,
    duration_ms: null,
    attempts: 0,
    error: null,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
    tool_calls: 0,
    cache: null,
    trace_file: `${ID}/${taskId}.json`,
    trace_error: null,
    ...extra,
  };
}

function index(status: DispatchIndex['status'], tasks: DispatchIndexTask[], id = ID, startedAt = T0): DispatchIndex {
  return {
    schema_version: 1,
    dispatch_id: id,
    correlation_id: 'c',
    dispatch_timestamp: new Date(startedAt).toISOString(),
    started_at: new Date(startedAt).toISOString(),
    ended_at: status === 'running' ? null : new Date(startedAt + 5000).toISOString(),
    total_time_ms: null,
    task_count: tasks.length,
    config: {},
    source: { path: '/w/ci.dispatch.json', sha256: 'x' },
    workspace: '/w',
    user_prompt: null,
    dry_run: false,
    rerun_of: null,
    planned_from: null,
    synthesis: null,
    status,
    summary: { total: tasks.length, success: 0, error: 0, skipped: 0, cancelled: 0, wall_time_ms: 0, task_time_ms: 0, speedup: 0, critical_path_ms: 0, input_tokens: 0, output_tokens: 0, tokens_by_stage: null, tool_calls: 0, cost_usd: 0, budget: null, cache: null },
    tasks,
  };
}

function recording(store: DispatchStore) {
  const changes: StoreChange[] = [];
  store.onDidChange((change) => changes.push(change));
  return changes;
}

describe('DispatchStore', () => {
  it('lists dispatches newest first and reports only the rows that changed', () => {
    const store = new DispatchStore();
    const changes = recording(store);
    store.upsertIndex(index('running', [indexTask('a', 'running'), indexTask('b', 'pending')]), `/t/${ID}.json`, '/t', 'workspace');
    store.upsertIndex(index('success', [indexTask('x', 'success')], 'dispatch-20250102_120000-00000001', T0 + 86_400_000), '/t/other.json', '/t', 'workspace');
    expect(store.list().map((dispatch) => dispatch.dispatchId)).toEqual(['dispatch-20250102_120000-00000001', ID]);
    expect(changes).toEqual([{ kind: 'list' }, { kind: 'list' }]);
    expect(store.runningTaskCount()).toBe(1);

    store.upsertIndex(index('running', [indexTask('a', 'success', { duration_ms: 10 }), indexTask('b', 'pending')]), `/t/${ID}.json`, '/t', 'workspace');
    expect(changes.at(-1)).toEqual({ kind: 'dispatch', dispatchId: ID, taskIds: ['a'], structure: false });
    const before = changes.length;
    store.upsertIndex(index('running', [indexTask('a', 'success', { duration_ms: 10 }), indexTask('b', 'pending')]), `/t/${ID}.json`, '/t', 'workspace');
    expect(changes).toHaveLength(before);
  });

  it('follows live events of a dispatch run here, and ignores stale index files once it ended', () => {
    const store = new DispatchStore();
    const changes = recording(store);
    store.startLive({ dispatchId: ID, indexPath: `/t/${ID}.json`, traceDir: '/t', startedAt: T0, sourcePath: null, userPrompt: 'debug: why', workspace: '/w', tasks: [{ taskId: 'a', agent: 'debug', file: 'src/a.ts', dependencies: [] }] });
    store.applyEvent(ID, { type: 'task-queued', task_id: 'a', at: T0 + 1 });
    store.applyEvent(ID, { type: 'task-started', task_id: 'a', attempt: 1, at: T0 + 2 });
    expect(store.runningTaskCount()).toBe(1);
    // While it runs here, an index file only brings token counts, cost and cache use.
    store.upsertIndex(index('running', [indexTask('a', 'queued', { input_tokens: 120, output_tokens: 30, cost_usd: 0.0009, cache: 'miss' })]), `/t/${ID}.json`, '/t', 'workspace');
    expect(store.get(ID)!.tasks[0]).toMatchObject({ status: 'running', inputTokens: 120, outputTokens: 30, costUsd: 0.0009, cache: 'miss' });
    store.applyEvent(ID, { type: 'task-finished', task_id: 'a', status: 'success', error: undefined, attempts: 1, duration_ms: 98, at: T0 + 100 });
    store.applyEvent(ID, { type: 'dispatch-finished', status: 'success', summary: index('success', []).summary, at: T0 + 101 });
    expect(store.get(ID)).toMatchObject({ status: 'success', live: false, endedAt: T0 + 101 });
    expect(changes.filter((change) => change.kind === 'dispatch').map((change) => change.kind === 'dispatch' && change.taskIds)).toEqual([['a'], ['a'], ['a'], ['a'], []]);

    store.upsertIndex(index('running', [indexTask('a', 'running')]), `/t/${ID}.json`, '/t', 'workspace');
    expect(store.get(ID)!.status).toBe('success');
    store.upsertIndex(index('success', [indexTask('a', 'success', { input_tokens: 150, output_tokens: 40, duration_ms: 98 })]), `/t/${ID}.json`, '/t', 'workspace');
    expect(store.get(ID)!.tasks[0]).toMatchObject({ status: 'success', inputTokens: 150 });
  });

  it('keeps dispatches that are running here when their folder is forgotten', () => {
    const store = new DispatchStore();
    store.startLive({ dispatchId: ID, indexPath: `/t/${ID}.json`, traceDir: '/t', startedAt: T0, sourcePath: null, userPrompt: null, workspace: '/w', tasks: [] });
    store.upsertIndex(index('success', [], 'dispatch-20250102_120000-00000001'), '/a/x.json', '/a', 'opened');
    store.remove(() => true);
    expect(store.list().map((dispatch) => dispatch.dispatchId)).toEqual([ID]);
  });
});
