import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { FAKE_KEY, modelFlags } from '../support/cli-model.js';
import { runCli } from '../support/run-cli.js';

let server: LoopbackModelServer;
let dir: string;

beforeEach(async () => {
  server = await startLoopbackModelServer({ fallback: { text: 'noted', inputTokens: 80, outputTokens: 40 } });
  dir = await tempWorkspace();
});
afterEach(() => server.close());

/** $10 in and $30 out per million tokens for the loopback model: each call (80 in, 40 out) costs $0.002. */
const LOOPBACK_PRICES = { 'openai-compatible:loopback-model': { input_per_mtok: 10, output_per_mtok: 30 } };

/** Four prompt-agent tasks run one at a time; each call spends 120 tokens. */
async function writeDispatch(budget: unknown, config: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(dir, 'budget.dispatch.json');
  const dispatch = {
    config: { max_workers: 1, ...config, ...(budget === undefined ? {} : { budget }), agents: { note: { kind: 'prompt', instructions: 'Write a one-word note.' } } },
    tasks: ['a', 'b', 'c', 'd'].map((id, n) => ({ task_id: id, agent: 'note', input_data: { topic: id }, ...(n > 0 ? { dependencies: [['a', 'b', 'c'][n - 1]] } : {}) })),
  };
  await fs.writeFile(file, JSON.stringify(dispatch, null, 2));
  return file;
}

async function readJson(file: string): Promise<any> {
  return JSON.parse(await fs.readFile(file, 'utf8'));
}

/** Each task trace's model calls add up to its tokens and cost in the index; returns the index's tasks. */
async function expectTracesAddUp(indexFile: string): Promise<any[]> {
  const index = await readJson(indexFile);
  for (const entry of index.tasks) {
    if (entry.started_at === null) {
      expect(entry.input_tokens + entry.output_tokens).toBe(0);
      continue;
    }
    const trace = await readJson(path.join(path.dirname(indexFile), entry.trace_file));
    const calls = trace.model_calls as { input_tokens: number; output_tokens: number; cost_usd: number | null }[];
    expect(calls.reduce((sum, call) => sum + call.input_tokens + call.output_tokens, 0)).toBe(entry.input_tokens + entry.output_tokens);
    if (entry.cost_usd !== null) expect(calls.reduce((sum, call) => sum + call.cost_usd!, 0)).toBeCloseTo(entry.cost_usd, 10);
  }
  return index.tasks;
}

describe('pdispatch run with a budget', () => {
  it('stops once config.budget.tokens is spent: the rest cancelled (kind budget), exit 1, and the numbers add up', async () => {
    const file = await writeDispatch({ tokens: 200 });
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['run', file, '--no-cache', '-q', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(result.json).toMatchObject({ success: false, status: 'failure', summary: { total: 4, success: 2, cancelled: 2 } });
    const index = await readJson(result.json.trace_index);
    const tasks = await expectTracesAddUp(result.json.trace_index);
    expect(tasks.map((task) => task.status)).toEqual(['success', 'success', 'cancelled', 'cancelled']);
    for (const task of tasks.slice(2)) {
      expect(task.error).toMatchObject({ kind: 'budget' });
      expect(task.error.message).toContain('240 of 200 tokens spent');
    }
    expect(tasks.map((task) => task.input_tokens + task.output_tokens)).toEqual([120, 120, 0, 0]);
    expect(index.summary.input_tokens + index.summary.output_tokens).toBe(240);
    expect(index.summary.budget).toMatchObject({ tokens: 200, spent_tokens: 240, remaining_tokens: 0 });

    const shown = await runCli(['show', result.json.trace_index], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^cost {6}cost unknown$/m);
    expect(shown.stdout).toMatch(/^budget {4}240 of 200 tokens spent$/m);
    const table = shown.stdout.split('\n').filter((line) => /^[a-d] /.test(line));
    expect(shown.stdout).toMatch(/^TASK .* COST +ERROR/m);
    expect(table).toHaveLength(4);
    expect(table.slice(0, 2).every((line) => line.includes('cost unknown'))).toBe(true);
    expect(table.slice(2).every((line) => !line.includes('cost unknown') && line.includes('240 of 200 tokens spent'))).toBe(true);
  });

  it('ends its last line with the cost for a model whose price is known, "cost unknown" otherwise', async () => {
    const file = await writeDispatch(undefined);
    const anthropic = modelFlags(server, 'anthropic');
    const priced = await runCli(['run', file, '--no-cache', '--model', 'anthropic:claude-sonnet-4-5', '--base-url', server.baseUrl], {
      cwd: dir,
      env: { ...anthropic.env, ANTHROPIC_API_KEY: FAKE_KEY },
    });
    expect(priced.code, priced.stderr).toBe(0);
    // 4 calls × (80 input at $3/Mtok + 40 output at $15/Mtok) = $0.00336.
    expect(priced.stderr.trim().split('\n').at(-1)).toMatch(/; \$0\.0034$/);
    const index = await readJson(priced.json.trace_index);
    expect(index.summary.cost_usd).toBeCloseTo(0.00336, 8);
    const shown = await runCli(['show', priced.json.trace_index], { cwd: dir });
    expect(shown.stdout).toMatch(/^cost {6}\$0\.0034$/m);
    expect(shown.stdout).not.toMatch(/^budget/m);
    // Each task: 80 × $3 + 40 × $15 per million tokens = $0.00084.
    expect(shown.stdout.split('\n').filter((line) => /^[a-d] /.test(line) && line.includes('$0.0008'))).toHaveLength(4);

    const unknown = modelFlags(server, 'openai');
    const unpriced = await runCli(['run', file, '--no-cache', ...unknown.args], { cwd: dir, env: unknown.env });
    expect(unpriced.code, unpriced.stderr).toBe(0);
    expect(unpriced.stderr.trim().split('\n').at(-1)).toMatch(/; cost unknown$/);
  });

  it('stops once config.budget.usd is spent, the loopback model priced by config.prices', async () => {
    const file = await writeDispatch({ usd: 0.003 }, { prices: LOOPBACK_PRICES });
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['run', file, '--no-cache', '-q', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(result.json).toMatchObject({ success: false, status: 'failure', summary: { total: 4, success: 2, cancelled: 2 } });
    const tasks = await expectTracesAddUp(result.json.trace_index);
    expect(tasks.map((task) => task.status)).toEqual(['success', 'success', 'cancelled', 'cancelled']);
    for (const task of tasks.slice(2)) {
      expect(task.error).toMatchObject({ kind: 'budget' });
      expect(task.error.message).toBe("not started: the dispatch's budget is spent: $0.0040 of $0.0030 spent");
      expect(task.cost_usd).toBe(0);
    }
    for (const task of tasks.slice(0, 2)) expect(task.cost_usd).toBeCloseTo(0.002, 10);
    const { summary } = await readJson(result.json.trace_index);
    expect(summary.cost_usd).toBeCloseTo(0.004, 10);
    expect(summary.budget).toMatchObject({ tokens: null, usd: 0.003, spent_tokens: 240, remaining_tokens: null, remaining_usd: 0 });
    expect(summary.budget.spent_usd).toBeCloseTo(0.004, 10);

    const shown = await runCli(['show', result.json.trace_index], { cwd: dir });
    expect(shown.stdout).toMatch(/^cost {6}\$0\.0040$/m);
    expect(shown.stdout).toMatch(/^budget {4}\$0\.0040 of \$0\.0030 spent$/m);
  });

  it("refuses a task's model call once its own budget is spent: that task fails (kind budget), its dependents are skipped, the rest go on", async () => {
    // The coder at strict sends a file that does not parse back for repair: the repair call is the one refused.
    server.enqueue({ text: '```json\n{ "port": 80,\n```\n', inputTokens: 80, outputTokens: 40 });
    const file = path.join(dir, 'task-budget.dispatch.json');
    const dispatch = {
      config: { max_workers: 1, agents: { note: { kind: 'prompt', instructions: 'Write a one-word note.' } } },
      tasks: [
        { task_id: 'settings', agent: 'coder', budget: { tokens: 100 }, input_data: { contract_description: 'the server settings', output_path: 'settings.json', validation_level: 'strict' } },
        { task_id: 'announce', agent: 'note', dependencies: ['settings'], input_data: { topic: 'the settings' } },
        { task_id: 'other', agent: 'note', input_data: { topic: 'something else' } },
      ],
    };
    await fs.writeFile(file, JSON.stringify(dispatch, null, 2));
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['run', file, '--no-cache', '-q', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(1);
    // settings' first call and other's; settings' repair call never left.
    expect(server.requests).toHaveLength(2);
    const tasks = await expectTracesAddUp(result.json.trace_index);
    const byId = Object.fromEntries(tasks.map((task) => [task.task_id, task]));
    expect(byId.settings).toMatchObject({ status: 'error', error: { kind: 'budget', message: 'task "settings"\'s budget is spent: 120 of 100 tokens spent' }, input_tokens: 80, output_tokens: 40 });
    expect(byId.announce).toMatchObject({ status: 'skipped', input_tokens: 0, output_tokens: 0 });
    expect(byId.other).toMatchObject({ status: 'success', input_tokens: 80, output_tokens: 40 });
    const trace = await readJson(path.join(path.dirname(result.json.trace_index), byId.settings.trace_file));
    expect(trace.model_calls).toHaveLength(1);
    expect(trace.budget).toEqual({ tokens: 100, usd: null, spent_tokens: 120, spent_usd: null, remaining_tokens: 0, remaining_usd: null });
    const index = await readJson(result.json.trace_index);
    expect(index.summary.budget).toBeNull();
    expect(index.summary.input_tokens + index.summary.output_tokens).toBe(240);
    await expect(fs.stat(path.join(dir, 'settings.json'))).rejects.toThrow();
  });
});
