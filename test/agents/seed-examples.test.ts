import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/src/test-support/temp-workspace.js';
import { startLoopbackModelServer, type LoopbackModelServer, type RecordedRequest, type ScriptedReply } from '../../packages/core/src/models/test-support/loopback-model-server.js';
import { REPO, runCli } from '../support/run-cli.js';

const SEED = path.join(REPO, '../shared/seed/examples');
const FIXTURES = path.join(REPO, 'test/fixtures/seed-sources');
const API_KEY = 'sk-loopback-SECRET-4242';

const ROOT_CAUSE = 'TokenManager.refresh rotates the signing key while concurrent requests still hold tokens signed with the previous key';

/** What the model says: findings for debug tasks, hypotheses for deep first passes, Python for coder tasks. */
function modelReply(request: RecordedRequest): ScriptedReply {
  const schema = requestedSchema(request);
  if (schema?.properties?.root_cause !== undefined) {
    return {
      json: {
        root_cause: ROOT_CAUSE,
        confidence: 0.8,
        evidence: [{ file: 'auth/token_manager.py', line: 25, excerpt: 'self.current = self.keys[-1]', explanation: 'refresh changes the key for everyone' }],
        hypotheses: [{ hypothesis: 'Token refresh mechanism may have race condition with concurrent requests', verdict: 'supported', reasoning: 'refresh mutates shared state' }],
        suggested_fix: 'Verify against every key still valid and refresh under a lock',
        affected_locations: [{ file: 'auth/token_manager.py', line: 25 }],
      },
      inputTokens: 300,
      outputTokens: 120,
    };
  }
  if (schema?.properties?.hypotheses !== undefined) return { json: { hypotheses: ['The signing key rotates during refresh'] }, inputTokens: 200, outputTokens: 30 };
  return { text: 'Here is the node:\n\n```python\nclass Node:\n    def run(self, payload):\n        return payload\n```\n', inputTokens: 150, outputTokens: 40 };
}

function requestedSchema(request: RecordedRequest): { properties?: Record<string, unknown> } | undefined {
  const body = request.body;
  return body.response_format?.json_schema?.schema ?? body.output_config?.format?.schema ?? body.tools?.[0]?.input_schema;
}

let server: LoopbackModelServer;
let dir: string;

beforeEach(async () => {
  server = await startLoopbackModelServer({ fallback: modelReply });
  dir = await tempWorkspace();
  await fs.cp(FIXTURES, path.join(dir, 'examples'), { recursive: true });
  await fs.mkdir(path.join(dir, 'dispatch'));
});
afterEach(() => server.close());

/** Runs a seed example as its README says, with its /tmp/examples paths moved into the test's directory. */
async function runSeedExample(name: string, env: Record<string, string>) {
  const text = (await fs.readFile(path.join(SEED, name), 'utf8')).replaceAll('/tmp/examples', path.join(dir, 'examples'));
  const file = path.join(dir, 'dispatch', name);
  await fs.writeFile(file, text);
  const result = await runCli(['run', file, '--allow-path', path.join(dir, 'examples'), '-q'], { env });
  const index = result.json?.trace_index === undefined ? undefined : JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
  const trace = async (taskId: string) => JSON.parse(await fs.readFile(path.join(dir, 'dispatch/traces', index.tasks.find((task: { task_id: string }) => task.task_id === taskId).trace_file), 'utf8'));
  return { result, index, trace };
}

const openAiEnv = () => ({ PDISPATCH_MODEL: 'openai-compatible:loopback-model', OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: API_KEY });

async function expectNoSecretIn(...texts: string[]) {
  const files = (await fs.readdir(path.join(dir, 'dispatch/traces'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  expect(files.length).toBeGreaterThan(1);
  for (const file of files) expect(await fs.readFile(path.join(file.parentPath, file.name), 'utf8')).not.toContain(API_KEY);
  for (const text of texts) expect(text).not.toContain(API_KEY);
}

describe('the seed examples against a model server on loopback', () => {
  it('01: three strict Effect nodes generated in parallel, one repaired after a syntax error', async () => {
    await server.close();
    let broken = false;
    server = await startLoopbackModelServer({
      fallback: (request) => {
        if (broken || !request.promptText.includes('order status')) return modelReply(request);
        broken = true;
        return { text: '```python\ndef broken(:\n```' };
      },
    });
    const { result, index, trace } = await runSeedExample('01_parallel_generation.json', openAiEnv());
    expect(result.code, result.stderr + JSON.stringify(result.json?.tasks)).toBe(0);
    for (const file of ['node_user_writer_effect.py', 'node_product_reader_effect.py', 'node_order_updater_effect.py']) {
      expect(await fs.readFile(path.join(dir, 'examples', file), 'utf8')).toContain('class Node:');
    }
    const repaired = await trace('gen-order-effect');
    expect(repaired.model_calls.length).toBeGreaterThanOrEqual(2);
    expect(repaired.output.validation).toMatchObject({ level: 'strict', passed: true });
    expect(index.summary.input_tokens).toBeGreaterThan(0);
    const prompt = server.requests.find((request) => request.promptText.includes('user data to PostgreSQL'))!.promptText;
    expect(prompt).toContain('Effect');
    expect(prompt).toMatch(/I\/O|side effect/i);
    expect(prompt).toContain('node_user_writer_effect.py');
    await expectNoSecretIn(result.stdout, result.stderr);
  });

  it('02: debug (deep, two passes) then a fix informed by the findings, over Anthropic\'s protocol', async () => {
    const { result, trace } = await runSeedExample('02_debug_then_fix.json', {
      PDISPATCH_MODEL: 'anthropic:claude-loopback',
      ANTHROPIC_BASE_URL: server.baseUrl,
      ANTHROPIC_API_KEY: API_KEY,
    });
    expect(result.code, result.stderr + JSON.stringify(result.json?.tasks)).toBe(0);
    const debug = await trace('debug-auth-failure');
    expect(debug.model_calls).toHaveLength(2);
    expect(debug.output.root_cause).toBe(ROOT_CAUSE);
    expect(debug.files.filter((file: { action: string }) => file.action === 'read').map((file: { path: string }) => path.basename(file.path))).toEqual(
      expect.arrayContaining(['authenticator.py', 'token_manager.py', 'auth_middleware.py']),
    );
    expect(server.requests[0]!.promptText).toContain('race condition with concurrent requests');
    expect(server.requests[0]!.promptText).toContain('class TokenManager');
    const fixPrompt = server.requests.at(-1)!.promptText;
    expect(fixPrompt).toContain(ROOT_CAUSE);
    expect(fixPrompt).toContain('class Authenticator');
    expect(server.requests.every((request) => request.protocol === 'anthropic' && request.headers['x-api-key'] === API_KEY)).toBe(true);
    expect(await fs.readFile(path.join(dir, 'examples/node_authenticator_effect_v2.py'), 'utf8')).toContain('class Node:');
    await expectNoSecretIn(result.stdout, result.stderr);
  });

  it('03: parallel debug and generation, then validation of the generated file and an optimizer fed by the findings', async () => {
    const { result, index, trace } = await runSeedExample('03_mixed_workflow.json', openAiEnv());
    expect(result.code, result.stderr + JSON.stringify(result.json?.tasks)).toBe(0);
    expect(index.tasks.map((task: { status: string }) => task.status)).toEqual(['success', 'success', 'success', 'success']);
    const integration = await trace('debug-cache-integration');
    expect(integration.files.find((file: { path: string }) => file.path.endsWith('node_api_cache_reducer.py')).action).toBe('read');
    const optimizerPrompt = server.requests.find((request) => request.promptText.includes('optimizes database queries'))!.promptText;
    expect(optimizerPrompt).toContain(ROOT_CAUSE);
    expect(optimizerPrompt).toContain('class QueryBuilder');
    const performance = await trace('debug-api-performance');
    expect(performance.model_calls).toHaveLength(1);
    await expectNoSecretIn(result.stdout, result.stderr);
  });

  it('fails validation, running nothing, when no model is configured', async () => {
    const { result } = await runSeedExample('02_debug_then_fix.json', { PDISPATCH_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tasks[0], tasks[1]: this task needs a model and none is configured: set config.model in the dispatch file');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses paths outside the allowed roots before anything runs', async () => {
    const text = (await fs.readFile(path.join(SEED, '01_parallel_generation.json'), 'utf8')).replaceAll('/tmp/examples', path.join(dir, 'examples'));
    await fs.writeFile(path.join(dir, 'dispatch/01.json'), text);
    const result = await runCli(['run', path.join(dir, 'dispatch/01.json')], { env: openAiEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`tasks[0].input_data.output_path: output_path "${path.join(dir, 'examples')}/node_user_writer_effect.py" is outside the allowed roots`);
    expect(server.requests).toHaveLength(0);
  });
});
