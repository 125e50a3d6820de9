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

/** Four prompt-agent tasks run one at a time; each call spends 120 tokens. */
async function writeDispatch(budget: unknown): Promise<string> {
  const file = path.join(dir, 'budget.dispatch.json');
  const dispatch = {
    config: { max_workers: 1, ...(budget === undefined ? {} : { budget }), agents: { note: { kind: 'prompt', instructions: 'Write a one-word note.' } } },
    tasks: ['a', 'b', 'c', 'd'].map((id, n) => ({ task_id: id, agent: 'note', input_data: { topic: id }, ...(n > 0 ? { dependencies: [['a', 'b', 'c'][n - 1]] } : {}) })),
  };
  await fs.writeFile(file, JSON.stringify(dispatch, null, 2));
  return file;
}

async function readJson(file: string): Promise<any> {
  return JSON.parse(await fs.readFile(file, 'utf8'));
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
    expect(index.tasks.map((task: any) => task.status)).toEqual(['success', 'success', 'cancelled', 'cancelled']);
    for (const task of index.tasks.slice(2)) {
      expect(task.error).toMatchObject({ kind: 'budget' });
      expect(task.error.message).toContain('240 of 200 tokens spent');
    }
    let tasksTotal = 0;
    for (const entry of index.tasks) {
      const tokens = entry.input_tokens + entry.output_tokens;
      tasksTotal += tokens;
      if (entry.started_at === null) {
        expect(tokens).toBe(0);
        continue;
      }
      const trace = await readJson(path.join(path.dirname(result.json.trace_index), entry.trace_file));
      const calls = trace.model_calls as { input_tokens: number; output_tokens: number }[];
      expect(calls.reduce((sum, call) => sum + call.input_tokens + call.output_tokens, 0)).toBe(tokens);
      expect(tokens).toBe(120);
    }
    expect(index.summary.input_tokens + index.summary.output_tokens).toBe(tasksTotal);
    expect(index.summary.budget).toMatchObject({ tokens: 200, spent_tokens: tasksTotal, remaining_tokens: 0 });
    expect(tasksTotal).toBe(240);

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
});
