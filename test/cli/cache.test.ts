import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { startLoopbackModelServer, type LoopbackModelServer, type RecordedRequest, type ScriptedReply } from '../../packages/core/test-support/loopback-model-server.js';
import { REPO, runCli } from '../support/run-cli.js';

const SEED = path.join(REPO, 'test/fixtures/seed-examples');
const FIXTURES = path.join(REPO, 'test/fixtures/seed-sources');
const MODEL_TASKS = ['debug-api-performance', 'gen-cache-reducer', 'debug-cache-integration', 'gen-query-optimizer'];

/** Findings for debug tasks, Python for coder tasks. */
function modelReply(request: RecordedRequest): ScriptedReply {
  const body = request.body;
  const schema = body.response_format?.json_schema?.schema as { properties?: Record<string, unknown> } | undefined;
  if (schema?.properties?.root_cause !== undefined) {
    return {
      json: { root_cause: 'the query builder runs one query per row', confidence: 0.7, evidence: [], hypotheses: [], suggested_fix: 'batch the queries', affected_locations: [] },
      inputTokens: 300,
      outputTokens: 120,
    };
  }
  return { text: '```python\nclass Node:\n    def run(self, payload):\n        return payload\n```\n', inputTokens: 150, outputTokens: 40 };
}

let server: LoopbackModelServer;
let dir: string;

beforeEach(async () => {
  server = await startLoopbackModelServer({ fallback: modelReply });
  dir = await tempWorkspace();
});
afterEach(() => server.close());

const env = () => ({ PDISPATCH_MODEL: 'openai-compatible:loopback-model', OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'sk-loopback-cache' });

/** The seed's example 03 in `root`, its /tmp/examples paths moved there; returns the dispatch file. */
async function seedExample(root: string): Promise<string> {
  await fs.cp(FIXTURES, path.join(root, 'examples'), { recursive: true });
  await fs.mkdir(path.join(root, 'dispatch'), { recursive: true });
  const text = (await fs.readFile(path.join(SEED, '03_mixed_workflow.json'), 'utf8')).replaceAll('/tmp/examples', path.join(root, 'examples'));
  const file = path.join(root, 'dispatch', 'mixed.json');
  await fs.writeFile(file, text);
  return file;
}

interface IndexTask {
  readonly task_id: string;
  readonly status: string;
  readonly cache: string | null;
  readonly trace_file: string;
}

async function run(file: string, ...args: string[]) {
  const before = server.requests.length;
  const result = await runCli(['run', file, '--allow-path', path.join(path.dirname(path.dirname(file)), 'examples'), '-q', ...args], { env: env() });
  expect(result.code, result.stderr + JSON.stringify(result.json?.tasks)).toBe(0);
  const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
  const cacheOf = Object.fromEntries((index.tasks as IndexTask[]).map((task) => [task.task_id, task.cache]));
  const trace = async (id: string) => JSON.parse(await fs.readFile(path.join(path.dirname(result.json.trace_index), (index.tasks as IndexTask[]).find((task) => task.task_id === id)!.trace_file), 'utf8'));
  return { result, index, cacheOf, trace, requests: server.requests.slice(before) };
}

describe('the result cache through the CLI', () => {
  it("runs the seed's example 03 a second time without one model request, every task a hit", async () => {
    const file = await seedExample(dir);
    const first = await run(file);
    expect(first.requests.length).toBeGreaterThanOrEqual(4);
    expect(Object.values(first.cacheOf)).toEqual(['miss', 'miss', 'miss', 'miss']);
    expect((await first.trace('gen-cache-reducer')).cache).toMatchObject({ status: 'miss', stored: true, reason: null });

    const second = await run(file);
    expect(second.requests).toHaveLength(0);
    expect(second.cacheOf).toEqual(Object.fromEntries(MODEL_TASKS.map((id) => [id, 'hit'])));
    expect(second.index.tasks.every((task: IndexTask) => task.status === 'success')).toBe(true);
    expect(second.index.summary).toMatchObject({ input_tokens: 0, output_tokens: 0, cache: { hits: 4, misses: 0, saved_input_tokens: first.index.summary.input_tokens, saved_output_tokens: first.index.summary.output_tokens } });
    const hit = await second.trace('debug-api-performance');
    expect(hit.cache).toMatchObject({ status: 'hit', key: (await first.trace('debug-api-performance')).cache.key });
    expect(hit.model_calls).toEqual([]);
    expect(hit.output).toEqual((await first.trace('debug-api-performance')).output);
  });

  it('after one context file changed, calls the model only for the tasks that read it and their dependents', async () => {
    const file = await seedExample(dir);
    await run(file);
    await fs.appendFile(path.join(dir, 'examples/database/query_builder.py'), '\n# batched\n');
    const second = await run(file);
    expect(second.cacheOf).toEqual({ 'debug-api-performance': 'miss', 'gen-cache-reducer': 'hit', 'debug-cache-integration': 'hit', 'gen-query-optimizer': 'miss' });
    const prompts = second.requests.map((request) => request.promptText);
    expect(prompts.length).toBe(2);
    expect(prompts.some((prompt) => prompt.includes('optimizes database queries'))).toBe(true);
    expect(prompts.some((prompt) => prompt.includes('2x slower than baseline'))).toBe(true);
  });

  it('restores a coder output file deleted between runs, and keeps working with --no-cache', async () => {
    const file = await seedExample(dir);
    await run(file);
    const written = path.join(dir, 'examples/node_api_cache_reducer.py');
    const content = await fs.readFile(written, 'utf8');
    await fs.rm(written);
    const second = await run(file);
    expect(second.requests).toHaveLength(0);
    expect(await fs.readFile(written, 'utf8')).toBe(content);
    expect((await second.trace('gen-cache-reducer')).cache.restored_files).toEqual([written]);

    const uncached = await runCli(['run', file, '--allow-path', path.join(dir, 'examples'), '-q', '--no-cache', '--dry-run'], { env: env() });
    expect(uncached.code, uncached.stderr).toBe(0);
    const index = JSON.parse(await fs.readFile(uncached.json.trace_index, 'utf8'));
    expect(index.summary.cache).toBeNull();
    expect(index.tasks.map((task: IndexTask) => task.cache)).toEqual([null, null, null, null]);
  });

  it('treats a corrupt cache entry as a miss, and cache info and prune report and shrink the folder', async () => {
    const file = await seedExample(dir);
    const cacheDir = path.join(dir, 'dispatch/.pdispatch/cache');
    const first = await run(file);
    const entries = await fs.readdir(path.join(cacheDir, 'entries'));
    expect(entries).toHaveLength(4);
    // The task at the start of a chain: what it outputs when run again may differ, so its dependent may run too.
    const key = (await first.trace('gen-cache-reducer')).cache.key;
    const broken = path.join(cacheDir, 'entries', `${key}.json`);
    await fs.writeFile(broken, '{"version": 1, "key": "trunc');
    const second = await run(file);
    expect(second.cacheOf).toMatchObject({ 'gen-cache-reducer': 'miss', 'debug-api-performance': 'hit', 'gen-query-optimizer': 'hit' });
    expect(second.requests.length).toBeGreaterThan(0);
    // The miss stored its result again.
    expect(JSON.parse(await fs.readFile(broken, 'utf8')).version).toBe(1);

    // The coder's output now says it replaced the file, so its dependent ran and stored a result of its own.
    const stored = (await fs.readdir(path.join(cacheDir, 'entries'))).length;
    expect(stored).toBe(4 + Object.values(second.cacheOf).filter((status) => status === 'miss').length - 1);
    const info = await runCli(['cache', 'info', '--cache-dir', cacheDir, '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(info.json).toMatchObject({ dir: cacheDir, entries: stored });
    expect(info.json.bytes).toBeGreaterThan(0);
    const text = await runCli(['cache', 'info'], { cwd: path.join(dir, 'dispatch') });
    expect(text.stdout).toContain(`cache: ${cacheDir}`);
    expect(text.stdout).toContain(`results: ${stored}`);

    const kept = await runCli(['cache', 'prune', '--cache-dir', cacheDir, '--max-size', `${info.json.bytes}`, '--json']);
    expect(kept.json).toMatchObject({ removedEntries: 0 });
    const pruned = await runCli(['cache', 'prune', '--cache-dir', cacheDir]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(new RegExp(`^removed ${stored} results`));
    expect((await runCli(['cache', 'info', '--cache-dir', cacheDir, '--json'])).json).toMatchObject({ entries: 0 });
    const bad = await runCli(['cache', 'prune', '--cache-dir', cacheDir, '--max-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-size: expected a size such as 500MB or 1GiB, got "lots"');
  });

  it('two dispatches sharing one cache at once both succeed, and both are hits afterwards', async () => {
    const cacheDir = path.join(dir, 'shared-cache');
    const [a, b] = await Promise.all([seedExample(path.join(dir, 'a')), seedExample(path.join(dir, 'b'))]);
    const both = await Promise.all([run(a!, '--cache-dir', cacheDir), run(b!, '--cache-dir', cacheDir)]);
    for (const one of both) expect(Object.values(one.cacheOf)).toEqual(['miss', 'miss', 'miss', 'miss']);
    const again = await Promise.all([run(a!, '--cache-dir', cacheDir), run(b!, '--cache-dir', cacheDir)]);
    for (const one of again) expect(Object.values(one.cacheOf)).toEqual(['hit', 'hit', 'hit', 'hit']);
    expect(again.flatMap((one) => one.requests)).toHaveLength(0);
  });

  it('caches a shell task only when it declares its inputs, hitting and missing as they change', async () => {
    await fs.mkdir(path.join(dir, 'src'));
    await fs.writeFile(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    const dispatch = {
      tasks: [
        { task_id: 'bundle', agent: 'shell', input_data: { command: 'echo ran >> runs.log && mkdir -p dist && cat src/*.ts > dist/out.js' }, cache: { inputs: ['src/**/*.ts'], outputs: ['dist/**'] } },
        { task_id: 'plain', agent: 'shell', input_data: { command: 'echo plain' } },
      ],
    };
    const file = path.join(dir, 'tasks.json');
    await fs.writeFile(file, JSON.stringify(dispatch));
    const runs = async () => (await fs.readFile(path.join(dir, 'runs.log'), 'utf8')).trim().split('\n').length;

    const first = await run(file);
    expect(first.cacheOf).toEqual({ bundle: 'miss', plain: null });
    const second = await run(file);
    expect(second.cacheOf).toEqual({ bundle: 'hit', plain: null });
    expect(await runs()).toBe(1);

    await fs.rm(path.join(dir, 'dist'), { recursive: true });
    await run(file);
    expect(await fs.readFile(path.join(dir, 'dist/out.js'), 'utf8')).toBe('export const a = 1;\n');
    expect(await runs()).toBe(1);

    await fs.writeFile(path.join(dir, 'src/b.ts'), 'export const b = 2;\n');
    const changed = await run(file);
    expect(changed.cacheOf.bundle).toBe('miss');
    expect(await runs()).toBe(2);
    expect(await fs.readFile(path.join(dir, 'dist/out.js'), 'utf8')).toContain('export const b = 2;');

    dispatch.tasks[0] = { ...dispatch.tasks[0]!, cache: false as never };
    await fs.writeFile(file, JSON.stringify(dispatch));
    expect((await run(file)).cacheOf.bundle).toBeNull();
  });
});
