import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { modelFlags } from '../support/cli-model.js';
import { connectCliMcp, type CliMcpClient } from '../support/mcp-cli-client.js';
import { runCli } from '../support/run-cli.js';

let model: LoopbackModelServer;
let dir: string;
const open: CliMcpClient[] = [];

beforeEach(async () => {
  model = await startLoopbackModelServer({ fallback: { text: 'noted', inputTokens: 80, outputTokens: 40 } });
  dir = await tempWorkspace();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  await model.close();
});

async function serve(args: readonly string[] = []): Promise<CliMcpClient> {
  const flags = modelFlags(model, 'openai');
  const client = await connectCliMcp(['--workspace', dir, ...flags.args, ...args], { cwd: dir, env: flags.env });
  open.push(client);
  return client;
}

/** Prompt-agent tasks one after another, each call spending 120 tokens and costing $0.002 by config.prices (`{ prices: {} }` leaves the price unknown). */
function notes(ids: readonly string[], config: Record<string, unknown> = {}) {
  return {
    config: {
      max_workers: 1,
      prices: { 'openai-compatible:loopback-model': { input_per_mtok: 10, output_per_mtok: 30 } },
      ...config,
      agents: { note: { kind: 'prompt', instructions: 'Write a one-word note.' } },
    },
    tasks: ids.map((id, n) => ({ task_id: id, agent: 'note', input_data: { topic: id }, ...(n > 0 ? { dependencies: [ids[n - 1]] } : {}) })),
  };
}

async function runWaiting(server: CliMcpClient, dispatch: unknown): Promise<any> {
  const result = await server.call('run_dispatch', { dispatch, wait: true });
  expect(result.isError, result.text).toBe(false);
  return result.value;
}

describe('pdispatch mcp and the result cache', () => {
  it('answers a second identical run_dispatch from the cache: zero model requests, every task a hit, cost $0', async () => {
    const server = await serve();
    const first = await runWaiting(server, notes(['a', 'b']));
    expect(first).toMatchObject({ status: 'success', cache_hits: 0, cost: '$0.0040' });
    expect(first.tasks.map((task: any) => task.cache)).toEqual(['miss', 'miss']);
    expect(model.requests).toHaveLength(2);

    const second = await runWaiting(server, notes(['a', 'b']));
    expect(model.requests).toHaveLength(2);
    expect(second).toMatchObject({ status: 'success', cache_hits: 2, cost: '$0.0000', summary: { cache: { hits: 2, misses: 0, saved_input_tokens: 160, saved_output_tokens: 80 } } });
    expect(second.tasks.map((task: any) => [task.cache, task.output])).toEqual(first.tasks.map((task: any) => ['hit', task.output]));
    await expect(fs.readdir(path.join(dir, '.pdispatch', 'cache', 'entries'))).resolves.toHaveLength(2);
    expect(server.stderr()).toContain(`result cache in ${path.join(dir, '.pdispatch', 'cache')}`);
  });

  it('shares the cache of --cache-dir across servers; --no-cache runs every task and says the cache was off', async () => {
    const shared = path.join(await tempWorkspace(), 'shared-cache');
    const storing = await serve(['--cache-dir', shared]);
    await runWaiting(storing, notes(['a']));
    const reusing = await serve(['--cache-dir', shared]);
    expect(await runWaiting(reusing, notes(['a']))).toMatchObject({ cache_hits: 1 });
    expect(model.requests).toHaveLength(1);
    await expect(fs.stat(path.join(dir, '.pdispatch'))).rejects.toThrow();

    const uncached = await serve(['--no-cache']);
    const report = await runWaiting(uncached, notes(['a']));
    expect(report).toMatchObject({ status: 'success', cache_hits: null, summary: { cache: null } });
    expect(report.tasks[0].cache).toBeNull();
    expect(model.requests).toHaveLength(2);
    expect(uncached.stderr()).toContain('no result cache');
  });

  it('says "cost unknown" for a model without a price', async () => {
    const server = await serve(['--no-cache']);
    expect(await runWaiting(server, notes(['a'], { prices: {} }))).toMatchObject({ status: 'success', cost: 'cost unknown', summary: { cost_usd: null } });
  });

  it('refuses to start with a bad --cache-max-size: exit 2 naming the flag', async () => {
    const result = await runCli(['mcp', '--workspace', dir, '--cache-max-size', 'lots'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--cache-max-size: expected a size such as 500MB or 2GiB, got "lots"');
  });
});

describe('pdispatch mcp and budgets', () => {
  it("stops a dispatch whose config.budget is spent: failure, the rest cancelled (kind budget), budget_stop saying what was spent", async () => {
    const server = await serve(['--no-cache']);
    const report = await runWaiting(server, notes(['a', 'b', 'c', 'd'], { budget: { tokens: 200 } }));
    expect(model.requests).toHaveLength(2);
    expect(report).toMatchObject({
      status: 'failure',
      budget_stop: "not started: the dispatch's budget is spent: 240 of 200 tokens spent",
      cost: '$0.0040',
      summary: { success: 2, cancelled: 2, budget: { tokens: 200, spent_tokens: 240, remaining_tokens: 0 } },
    });
    expect(report.tasks.map((task: any) => [task.status, task.error?.kind ?? null])).toEqual([
      ['success', null],
      ['success', null],
      ['cancelled', 'budget'],
      ['cancelled', 'budget'],
    ]);
    const index = JSON.parse(await fs.readFile(report.trace_index, 'utf8'));
    expect(index.summary.input_tokens + index.summary.output_tokens).toBe(240);
  });

  it('holds every dispatch to its --max-tokens, over a bigger budget of its own or none', async () => {
    const server = await serve(['--no-cache', '--max-tokens', '200']);
    const checked = await server.call('validate_dispatch', { dispatch: notes(['a'], { budget: { tokens: 100_000, usd: 5 } }) });
    expect(checked.value).toMatchObject({ ok: true, budget: { tokens: 200, usd: 5 } });
    const within = await server.call('validate_dispatch', { dispatch: notes(['a'], { budget: { tokens: 150 } }) });
    expect(within.value).toMatchObject({ ok: true, budget: { tokens: 150 } });

    const report = await runWaiting(server, notes(['a', 'b', 'c', 'd']));
    expect(model.requests).toHaveLength(2);
    expect(report).toMatchObject({ status: 'failure', budget_stop: expect.stringContaining('240 of 200 tokens spent'), summary: { cancelled: 2, budget: { tokens: 200, remaining_tokens: 0 } } });
    expect(server.stderr()).toContain('at most 200 tokens a dispatch');
  });
});
