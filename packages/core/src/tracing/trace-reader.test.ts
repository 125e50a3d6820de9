import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { readDispatchIndex, readTraceFile } from './trace-reader.js';

/** An index as version 1 wrote it before planning and synthesis existed. */
const olderIndex = {
  schema_version: 1,
  dispatch_id: 'dispatch-20261125_100000-abcd1234',
  correlation_id: 'c',
  started_at: '2026-11-25T10:00:00.000Z',
  status: 'success',
  summary: { total: 1, input_tokens: 5, output_tokens: 2 },
  tasks: [{ task_id: 'a', agent: 'shell', status: 'success', error: null, trace_file: 'dispatch-20261125_100000-abcd1234/a.json' }],
};

describe('the trace reader', () => {
  it('reads an index written before planning and synthesis with those fields null', async () => {
    const dir = await tempWorkspace();
    const file = path.join(dir, `${olderIndex.dispatch_id}.json`);
    await fs.writeFile(file, JSON.stringify(olderIndex));
    const index = await readDispatchIndex(file);
    expect(index).toMatchObject({ planned_from: null, synthesis: null, summary: { total: 1, input_tokens: 5, tokens_by_stage: null } });
    expect(await readTraceFile(file)).toMatchObject({ kind: 'index', index: { planned_from: null, synthesis: null } });
  });

  it('reads traces written before costs and budgets with those fields null, never 0', async () => {
    const dir = await tempWorkspace();
    const file = path.join(dir, `${olderIndex.dispatch_id}.json`);
    await fs.writeFile(file, JSON.stringify(olderIndex));
    const index = await readDispatchIndex(file);
    expect(index.summary).toMatchObject({ cost_usd: null, budget: null });
    expect(index.tasks[0]).toMatchObject({ task_id: 'a', cost_usd: null });
    const task = path.join(dir, 'a.json');
    const call = { provider: 'openai', model: 'gpt-4o', input_tokens: 5, output_tokens: 2 };
    await fs.writeFile(task, JSON.stringify({ schema_version: 1, task_id: 'a', agent: 'debug', status: 'success', error: null, model_calls: [call] }));
    expect(await readTraceFile(task)).toMatchObject({ kind: 'task', trace: { cost_usd: null, budget: null, model_calls: [{ ...call, cost_usd: null }] } });
  });

  it('tells plan.json and synthesis.json from other JSON', async () => {
    const dir = await tempWorkspace();
    const plan = path.join(dir, 'plan.json');
    await fs.writeFile(plan, JSON.stringify({ schema_version: 1, request: 'r', rounds: [], model_calls: [], status: 'valid' }));
    expect(await readTraceFile(plan)).toMatchObject({ kind: 'plan', plan: { request: 'r' } });
    const synthesis = path.join(dir, 'synthesis.json');
    await fs.writeFile(synthesis, JSON.stringify({ schema_version: 1, request: 'r', answer: null, error: 'HTTP 500', model_calls: [] }));
    expect(await readTraceFile(synthesis)).toMatchObject({ kind: 'synthesis', synthesis: { error: 'HTTP 500' } });
    const newer = path.join(dir, 'newer.json');
    await fs.writeFile(newer, JSON.stringify({ schema_version: 99, request: 'r', answer: null, error: null, model_calls: [] }));
    await expect(readTraceFile(newer)).rejects.toThrow(/written by a newer version \(schema 99\)/);
    const other = path.join(dir, 'package.json');
    await fs.writeFile(other, JSON.stringify({ name: 'x' }));
    await expect(readTraceFile(other)).rejects.toThrow(/not a Parallel Dispatcher trace \(neither a dispatch index, a task trace, a plan\.json nor a synthesis\.json\)/);
  });
});
