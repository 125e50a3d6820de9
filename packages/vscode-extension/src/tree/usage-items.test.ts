import { fileURLToPath } from 'node:url';
import { listDispatchIndexes, readDispatchIndex, readTaskTrace, type DispatchIndex, type DispatchIndexTask, type TaskTrace } from '@parallel-dispatcher/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchUsageParts } from '../format/dispatch-usage.js';
import { dispatchStateFromIndex, type DispatchState } from '../traces/dispatch-state.js';
import { dispatchItem, taskItem } from './dispatch-items.js';
import { taskDetailItems } from './task-detail-items.js';

// A trace artifact written by core (test/vscode/tools/make-artifact-fixture.ts), before costs were
// counted; each test gives it the cost, budget and cache fields today's core writes.
const TRACE_DIR = fileURLToPath(new URL('../../../../test/vscode/fixtures/artifact/traces', import.meta.url));
const SPENT = "the dispatch's budget is spent: 2,055 of 2,000 tokens spent";

let written: DispatchIndex;
let indexPath: string;
let fixAuth: TaskTrace;

beforeAll(async () => {
  [indexPath] = (await listDispatchIndexes(TRACE_DIR)) as [string];
  written = await readDispatchIndex(indexPath);
  fixAuth = await readTaskTrace(TRACE_DIR, written.tasks.find((task) => task.task_id === 'fix-auth')!.trace_file);
});

/** The fixture's index with some tasks and its summary changed. */
function dispatchWith(tasks: Readonly<Record<string, Partial<DispatchIndexTask>>>, summary: Partial<DispatchIndex['summary']>): DispatchState {
  const index: DispatchIndex = { ...written, summary: { ...written.summary, ...summary }, tasks: written.tasks.map((task) => ({ ...task, ...tasks[task.task_id] })) };
  return dispatchStateFromIndex(index, indexPath, TRACE_DIR, 'workspace');
}

function row(dispatch: DispatchState, taskId: string) {
  return taskItem(dispatch, dispatch.tasks.find((task) => task.taskId === taskId)!, Date.now());
}

describe('cost on the rows of a dispatch and its tasks', () => {
  it("shows each model task's cost after its tokens, none on tasks that made no model call, and the dispatch's total", () => {
    const dispatch = dispatchWith({ 'fix-auth': { cost_usd: 0.0123 } }, { cost_usd: 0.0123 });
    expect(row(dispatch, 'fix-auth').description).toMatch(/^coder · \d+ ms · tokens 1,843 in \/ 212 out · \$0\.0123$/);
    expect(row(dispatch, 'fix-auth').tooltip).toContain('Cost: $0.0123');
    expect(row(dispatch, 'install').description).not.toMatch(/\$|cost/);
    const item = dispatchItem(dispatch, Date.now());
    expect(item.description).toMatch(/^4\/6 succeeded · 1 failed · 1 skipped · 1\.\d s · \$0\.0123$/);
    expect(item.tooltip).toContain('Cost: $0.0123');
  });

  it('says "cost unknown", never $0, when a model\'s price is not known', () => {
    const dispatch = dispatchWith({ 'fix-auth': { cost_usd: null } }, { cost_usd: null });
    expect(row(dispatch, 'fix-auth').description).toMatch(/ · cost unknown$/);
    expect(dispatchItem(dispatch, Date.now()).description).toMatch(/ · cost unknown$/);
    expect(dispatchItem(dispatch, Date.now()).tooltip).toContain("Cost: unknown (a model's price is not known; config.prices can give it)");
  });

  it('words the cost, cache hits and a spent budget once, for the row and the notification a run ends with', () => {
    const summary = { ...written.summary, cost_usd: 1.5, cache: { hits: 2, misses: 1, stored: 1, saved_input_tokens: 900, saved_output_tokens: 120 }, budget: null };
    expect(dispatchUsageParts(summary)).toEqual(['$1.50', '2 cache hits']);
    expect(dispatchUsageParts({ ...summary, input_tokens: 0, output_tokens: 0, cache: null })).toEqual([]);
    expect(dispatchUsageParts(null)).toEqual([]);
  });
});

describe('a dispatch stopped by its budget', () => {
  const budget = { tokens: 2000, usd: null, spent_tokens: 2055, spent_usd: null, remaining_tokens: 0, remaining_usd: null };

  it('marks the tasks the budget cancelled apart from other cancelled ones, saying what was spent', () => {
    const dispatch = dispatchWith({ report: { status: 'cancelled', error: { kind: 'budget', message: SPENT } } }, { budget });
    const item = row(dispatch, 'report');
    expect(item.icon).toEqual({ id: 'credit-card', color: 'list.warningForeground' });
    expect(item.contextValue).toBe('parallelDispatcher:task:cancelled:budget');
    expect(item.description).toContain(SPENT);
    expect(item.tooltip).toContain(`Stopped by a budget: ${SPENT}`);
    const dispatchRow = dispatchItem(dispatch, Date.now());
    expect(dispatchRow.description).toMatch(/ · budget spent$/);
    expect(dispatchRow.tooltip).toContain('Budget: 2,055 of 2,000 tokens spent, 0 tokens left');
  });

  it("shows a budget with room left in the tooltip only, and a task's own budget under it", () => {
    const room = { tokens: 50_000, usd: 0.5, spent_tokens: 2055, spent_usd: 0.0123, remaining_tokens: 47_945, remaining_usd: 0.4877 };
    const dispatch = dispatchWith({}, { budget: room });
    expect(dispatchItem(dispatch, Date.now()).description).not.toContain('budget');
    expect(dispatchItem(dispatch, Date.now()).tooltip).toContain('Budget: 2,055 of 50,000 tokens, $0.0123 of $0.5000 spent, 47,945 tokens, $0.4877 left');
    const items = taskDetailItems(dispatch.dispatchId, { ...fixAuth, budget: room, cost_usd: 0.0123 });
    expect(items.find((detail) => detail.label === 'Budget')?.description).toBe('2,055 of 50,000 tokens, $0.0123 of $0.5000 spent, 47,945 tokens, $0.4877 left');
    expect(items.find((detail) => detail.label === 'Model calls (1)')?.description).toBe('tokens 1,843 in / 212 out · $0.0123');
  });

  it("says so in the cancelled task's details instead of a plain error", () => {
    const items = taskDetailItems(written.dispatch_id, { ...fixAuth, status: 'cancelled', output: null, model_calls: [], files: [], error: { kind: 'budget', message: SPENT } });
    expect(items.map((item) => item.label)).toEqual(['Input', 'Stopped by a budget']);
    expect(items[1]).toMatchObject({ description: SPENT, icon: { id: 'credit-card' } });
  });
});

describe('the result cache in the tree', () => {
  const hit = { status: 'hit', key: 'a'.repeat(64), stored: false, reason: null, saved_input_tokens: 1843, saved_output_tokens: 212, restored_files: ['src/auth.ts'] } as const;

  it('marks a task served from the cache, with no cost, and counts hits and tokens saved on the dispatch', () => {
    const dispatch = dispatchWith(
      { 'fix-auth': { cache: 'hit', input_tokens: 0, output_tokens: 0, cost_usd: 0 } },
      { input_tokens: 0, output_tokens: 0, cost_usd: 0, cache: { hits: 1, misses: 0, stored: 0, saved_input_tokens: 1843, saved_output_tokens: 212 } },
    );
    expect(row(dispatch, 'fix-auth').description).toMatch(/^coder · \d+ ms · cache hit$/);
    const item = dispatchItem(dispatch, Date.now());
    expect(item.description).toMatch(/ · 1\.\d s · 1 cache hit$/);
    expect(item.tooltip).toContain('Result cache: 1 hit, 0 misses; saved tokens 1,843 in / 212 out');
  });

  it('says under a task what a hit saved and restored, and whether a miss was stored', () => {
    const served = taskDetailItems(written.dispatch_id, { ...fixAuth, model_calls: [], cost_usd: 0, cache: hit });
    expect(served.map((item) => item.label)).toEqual(['Input', 'Output', 'Cache hit', 'Files (1 written)']);
    expect(served[2]).toMatchObject({ description: 'saved tokens 1,843 in / 212 out · restored src/auth.ts', contextValue: 'parallelDispatcher:detail:cache:hit' });
    const missed = taskDetailItems(written.dispatch_id, { ...fixAuth, cache: { ...hit, status: 'miss', stored: false, reason: 'src/auth.ts changed while the task ran', saved_input_tokens: 0, saved_output_tokens: 0, restored_files: [] } });
    expect(missed.find((item) => item.label === 'Cache miss')?.description).toBe('ran; result not stored: src/auth.ts changed while the task ran');
  });
});
