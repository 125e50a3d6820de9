import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../packages/core/test-support/loopback-model-server.js';
import { GITHUB_TOKEN, MODEL_API_KEY, pullRequestPayload, pushPayload, RUN_ID, startRunner, writeFiles, type Runner } from './fixtures.js';
import { buildAction, runAction } from './run-action.js';

const PR = 42;
const DISPATCH = 'gen.dispatch.json';
const KEY_PREFIX = `pdispatch-results:${DISPATCH}:`;

let runner: Runner;
let model: LoopbackModelServer;

beforeAll(async () => {
  await buildAction();
}, 60_000);

afterEach(async () => {
  await runner?.close();
  await model?.close();
});

/** Two coder tasks, each reading one source file and writing one; the loopback model priced so the cost is known. */
async function repository(workspace: string): Promise<void> {
  const task = (name: string) => ({
    task_id: `gen-${name}`,
    agent: 'coder',
    input_data: { contract_description: `a node that doubles ${name}`, node_type: 'Compute', output_path: `out/${name}.py`, context_files: [`src/${name}.py`] },
  });
  await writeFiles(workspace, {
    [DISPATCH]: JSON.stringify({ config: { prices: { 'openai-compatible:*': { input_per_mtok: 1, output_per_mtok: 2 } } }, tasks: [task('a'), task('b')] }),
    'src/a.py': 'A = 1\n',
    'src/b.py': 'B = 2\n',
  });
}

async function start(): Promise<void> {
  runner = await startRunner();
  model = await startLoopbackModelServer({ fallback: () => ({ text: '```python\nclass Node:\n    def run(self, payload):\n        return payload * 2\n```\n', inputTokens: 150, outputTokens: 40 }) });
  await repository(runner.workspace);
}

/** A new job: a fresh checkout (no cache folder, no written files) and a new workflow run. */
async function job(event: 'pull_request' | 'push', runId: string, inputs: Record<string, string> = {}) {
  await fs.rm(path.join(runner.workspace, '.pdispatch'), { recursive: true, force: true });
  await fs.rm(path.join(runner.workspace, 'out'), { recursive: true, force: true });
  const payload = event === 'push' ? pushPayload() : pullRequestPayload(PR);
  const before = model.requests.length;
  const result = await runAction({
    workspace: runner.workspace,
    inputs: { tasks: DISPATCH, model: 'openai-compatible:loopback-model', 'model-base-url': model.baseUrl, 'model-api-key': MODEL_API_KEY, comment: 'off', ...inputs },
    githubToken: GITHUB_TOKEN,
    env: { ...(await runner.env({ name: event, payload })), GITHUB_RUN_ID: runId },
  });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.annotations.filter((annotation) => annotation.level !== 'notice')).toEqual([]);
  return { ...result, modelRequests: model.requests.length - before };
}

describe('the action with the result cache', () => {
  it('saves the results after the first run; the next push restores them and asks the model nothing; a changed file re-runs only its task', async () => {
    await start();
    const first = await job('pull_request', RUN_ID);
    expect(first.modelRequests).toBe(2);
    // Saved once, under the run's key, in the pull request's scope.
    expect(runner.cache.saved.map((entry) => [entry.key, entry.scope])).toEqual([[`${KEY_PREFIX}faster-login:${RUN_ID}-1`, 'refs/pull/42/merge']]);
    expect(first.outputs).toMatchObject({ 'cache-hits': '0', tokens: String(2 * (150 + 40)), 'cost-usd': String((2 * (150 * 1 + 40 * 2)) / 1e6) });
    expect(first.summary).toContain('💰 **Cost**: $0.0005');
    expect(first.summary).toContain(`♻️ **Result cache**: 0 of 2 tasks from the cache (nothing to restore yet, new results saved as \`${KEY_PREFIX}faster-login:${RUN_ID}-1\`)`);
    expect(first.summary).toMatch(/\| `gen-a` \| ✅ success \| `coder` \| [^|]+ \| 150 in \/ 40 out \| \$0\.0002 \|/);
    const written = await fs.readFile(path.join(runner.workspace, 'out/a.py'), 'utf8');

    const second = await job('pull_request', '9876543211');
    expect(second.modelRequests).toBe(0);
    expect(runner.cache.lookups.at(-1)).toMatchObject({ key: `${KEY_PREFIX}faster-login:9876543211-1`, matched: `${KEY_PREFIX}faster-login:${RUN_ID}-1` });
    expect(second.outputs).toMatchObject({ 'cache-hits': '2', tokens: '0', 'cost-usd': '0', status: 'success' });
    expect(second.summary).toContain(`2 of 2 tasks from the cache, 380 tokens saved (restored from \`${KEY_PREFIX}faster-login:${RUN_ID}-1\`)`);
    expect(second.summary).toMatch(/\| `gen-a` \| ✅ success \| `coder` \| [^|]+ \| ♻️ cached \|/);
    // The written files come back from the cache; nothing new, so nothing saved.
    expect(await fs.readFile(path.join(runner.workspace, 'out/a.py'), 'utf8')).toBe(written);
    expect(runner.cache.saved).toHaveLength(1);

    await fs.appendFile(path.join(runner.workspace, 'src/b.py'), 'C = 3\n');
    const third = await job('pull_request', '9876543212');
    expect(third.modelRequests).toBe(1);
    expect(model.requests.at(-1)!.promptText).toContain('C = 3');
    expect(third.outputs['cache-hits']).toBe('1');
    expect(runner.cache.saved.map((entry) => entry.key)).toEqual([`${KEY_PREFIX}faster-login:${RUN_ID}-1`, `${KEY_PREFIX}faster-login:9876543212-1`]);
  });

  it("restores a pull request's first run from what its base branch saved, and with cache: false asks the cache service nothing", async () => {
    await start();
    await job('push', RUN_ID);
    expect(runner.cache.saved.map((entry) => [entry.key, entry.scope])).toEqual([[`${KEY_PREFIX}main:${RUN_ID}-1`, 'refs/heads/main']]);

    const pullRequest = await job('pull_request', '9876543211');
    expect(pullRequest.modelRequests).toBe(0);
    expect(runner.cache.lookups.at(-1)).toEqual({
      key: `${KEY_PREFIX}faster-login:9876543211-1`,
      restoreKeys: [`${KEY_PREFIX}faster-login:`, `${KEY_PREFIX}main:`, KEY_PREFIX],
      matched: `${KEY_PREFIX}main:${RUN_ID}-1`,
    });
    expect(pullRequest.outputs['cache-hits']).toBe('2');

    const lookups = runner.cache.lookups.length;
    const off = await job('pull_request', '9876543212', { cache: 'false' });
    expect(off.modelRequests).toBe(2);
    expect(runner.cache.lookups).toHaveLength(lookups);
    expect(runner.cache.saved).toHaveLength(1);
    expect(off.outputs['cache-hits']).toBe('0');
    expect(off.summary).toContain('♻️ **Result cache**: off (the cache input is false)');
    await expect(fs.stat(path.join(runner.workspace, '.pdispatch'))).rejects.toThrow(/ENOENT/);
  });
});
