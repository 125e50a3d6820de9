import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type RecordedRequest } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { modelFlags } from '../support/cli-model.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { REPO, runCli } from '../support/run-cli.js';
import { scriptedModel, SEED_REQUEST, seedPlan, TOKENS } from '../support/scripted-plans.js';
import { writeDispatch } from '../support/write-dispatch.js';

/** The host's own OTEL_* settings must not leak into these runs. */
const CLEAN_OTEL = {
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
  OTEL_EXPORTER_OTLP_PROTOCOL: '',
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: '',
  OTEL_EXPORTER_OTLP_HEADERS: '',
  OTEL_SERVICE_NAME: '',
  OTEL_RESOURCE_ATTRIBUTES: '',
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: '',
};

/** Shell tasks: one a dependent of another that prints its TRACEPARENT, one failing twice (a retry). */
const SHELL_DISPATCH = {
  tasks: [
    { task_id: 'build', agent: 'shell', input_data: { command: 'echo built' } },
    { task_id: 'traced', agent: 'shell', input_data: { command: 'printf %s "$TRACEPARENT"' }, dependencies: ['build'] },
    { task_id: 'broken', agent: 'shell', input_data: { command: 'echo boom >&2; exit 3' }, retries: 1 },
  ],
};

let receiver: OtlpReceiver;
let dir: string;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  dir = await tempWorkspace();
});
afterEach(() => receiver.close());

async function readJson(file: string): Promise<any> {
  return JSON.parse(await fs.readFile(file, 'utf8'));
}

const byName = (spans: readonly ReceivedSpan[], name: string) => spans.filter((span) => span.name === name);
const ms = (nanos: string) => Number(BigInt(nanos) / 1_000_000n);

/** The spans received mirror the traces: tree, names, attributes, links, times. */
async function expectShellSpans(spans: readonly ReceivedSpan[], indexFile: string, stdoutOfTraced: string): Promise<void> {
  const index = await readJson(indexFile);
  const root = spans.find((span) => span.parentSpanId === '')!;
  expect(root).toMatchObject({ name: 'invoke_workflow', kind: 1, status: { code: 2 }, attributes: { 'pdispatch.dispatch_id': index.dispatch_id, 'error.type': 'task_failed', 'gen_ai.operation.name': 'invoke_workflow' } });
  expect(root.resource).toMatchObject({ 'service.name': 'pdispatch' });
  expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([root.traceId]));
  expect(spans.filter((span) => span !== root).every((span) => span.parentSpanId === root.spanId)).toBe(true);
  expect(spans.map((span) => span.name).sort()).toEqual(['invoke_agent shell', 'invoke_agent shell', 'invoke_agent shell', 'invoke_agent shell', 'invoke_workflow']);

  const attempts = (taskId: string) => spans.filter((span) => span.attributes['pdispatch.task_id'] === taskId);
  const broken = attempts('broken');
  expect(broken.map((span) => span.attributes['pdispatch.attempt']).sort()).toEqual([1, 2]);
  for (const span of broken) expect(span).toMatchObject({ status: { code: 2, message: expect.stringContaining('exited with code 3') }, attributes: { 'error.type': 'agent', 'pdispatch.cache_hit': false } });
  const [build] = attempts('build');
  const [traced] = attempts('traced');
  expect(build!.status.code).toBe(0);
  expect(build!.attributes).toMatchObject({ 'gen_ai.agent.name': 'shell', 'gen_ai.operation.name': 'invoke_agent', 'pdispatch.attempt': 1, 'pdispatch.dispatch_id': index.dispatch_id });
  expect(traced!.links).toEqual([{ traceId: root.traceId, spanId: build!.spanId, attributes: { 'pdispatch.dependency': 'build' } }]);
  expect(build!.links).toEqual([]);

  // The shell task saw the id of its own attempt's span.
  expect(stdoutOfTraced).toBe(`00-${root.traceId}-${traced!.spanId}-01`);

  // Times are the traces' own.
  const trace = await readJson(path.join(path.dirname(indexFile), index.tasks.find((task: any) => task.task_id === 'build').trace_file));
  expect(ms(build!.startTimeUnixNano)).toBe(Date.parse(trace.attempts[0].started_at));
  expect(ms(build!.endTimeUnixNano)).toBe(Date.parse(trace.attempts[0].ended_at));
  expect(ms(root.startTimeUnixNano)).toBe(Date.parse(index.started_at));
}

async function tracedOutput(indexFile: string): Promise<string> {
  const index = await readJson(indexFile);
  const trace = await readJson(path.join(path.dirname(indexFile), index.tasks.find((task: any) => task.task_id === 'traced').trace_file));
  return trace.output.stdout;
}

describe('OpenTelemetry export', () => {
  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    it(`pdispatch run sends the dispatch as spans over OTLP/HTTP (${protocol}); export --format otlp sends the same ids again`, async () => {
      const file = await writeDispatch(dir, SHELL_DISPATCH);
      const env = { ...CLEAN_OTEL, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_HEADERS: 'x-team=agents', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci' };
      const result = await runCli(['run', file, '--no-cache', '-q'], { cwd: dir, env });
      expect(result.code, result.stderr).toBe(1); // `broken` failed
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(request!.contentType).toContain(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
      expect(request!.headers['x-team']).toBe('agents');
      expect(request!.spans[0]!.resource).toMatchObject({ 'deployment.environment.name': 'ci' });
      await expectShellSpans(receiver.spans(), result.json.trace_index, await tracedOutput(result.json.trace_index));

      const exported = await runCli(['export', result.json.trace_index, '--format', 'otlp', '--otlp', `${receiver.endpoint}/v1/traces`], { cwd: dir, env: { ...CLEAN_OTEL, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_SERVICE_NAME: 'nightly-checks' } });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).toMatch(/^sent 5 spans of dispatch-\S+ to http:\/\/127\.0\.0\.1:\d+\/v1\/traces$/m);
      expect(receiver.requests).toHaveLength(2);
      const again = receiver.requests[1]!.spans;
      expect(again.map((span) => span.spanId).sort()).toEqual(request!.spans.map((span) => span.spanId).sort());
      expect(again[0]!.resource['service.name']).toBe('nightly-checks');
    });
  }

  it('a collector that cannot be reached costs one warning: the dispatch, its traces and its exit code are as without it', async () => {
    const closed = await closedPort();
    const file = await writeDispatch(dir, { tasks: [SHELL_DISPATCH.tasks[0], { ...SHELL_DISPATCH.tasks[1], dependencies: ['build'] }] });
    const result = await runCli(['run', file, '--no-cache', '-q', '--otlp', `http://127.0.0.1:${closed}`], { cwd: dir, env: { ...CLEAN_OTEL, OTEL_EXPORTER_OTLP_TIMEOUT: '1000' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ success: true, status: 'success' });
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^warning: could not send the dispatch's spans to http://127\\.0\\.0\\.1:${closed}/v1/traces: `))]);
    // --otlp alone switched trace context on: the task still got its TRACEPARENT.
    expect(await tracedOutput(result.json.trace_index)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('a collector that never answers is given up on after OTEL_EXPORTER_OTLP_TIMEOUT, with a warning', async () => {
    const silent = http.createServer(() => undefined); // takes the request and never responds
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const file = await writeDispatch(dir, { tasks: [SHELL_DISPATCH.tasks[0]] });
      const result = await runCli(['run', file, '--no-cache', '-q'], { cwd: dir, env: { ...CLEAN_OTEL, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_TIMEOUT: '300' } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/^warning: could not send the dispatch's spans to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: .+$/m);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('without an endpoint nothing is sent and tasks get no TRACEPARENT; export --format otlp then refuses (exit 2), as it does a URL that is none', async () => {
    const file = await writeDispatch(dir, { tasks: [SHELL_DISPATCH.tasks[0], SHELL_DISPATCH.tasks[1]] });
    const result = await runCli(['run', file, '--no-cache', '-q'], { cwd: dir, env: { ...CLEAN_OTEL, TRACEPARENT: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(await tracedOutput(result.json.trace_index)).toBe('');
    const exported = await runCli(['export', result.json.trace_index, '--format', 'otlp'], { cwd: dir, env: CLEAN_OTEL });
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain('--format otlp needs an endpoint: give --otlp URL or set OTEL_EXPORTER_OTLP_ENDPOINT');
    const badUrl = await runCli(['export', result.json.trace_index, '--format', 'otlp', '--otlp', 'collector:4318'], { cwd: dir, env: CLEAN_OTEL });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain(`option '--otlp <url>' argument 'collector:4318' is invalid. expected an http:// or https:// URL`);
    expect(receiver.requests).toHaveLength(0);
  });

  it('model calls become chat spans with their tokens; the synthesis is a chat span under the root; content only when opted in', async () => {
    const server = await startLoopbackModelServer({ fallback: { text: 'noted', inputTokens: 80, outputTokens: 40 } });
    try {
      const file = await writeDispatch(dir, {
        user_prompt: 'What was noted?',
        config: { agents: { note: { kind: 'prompt', instructions: 'Write a one-word note.' } } },
        tasks: [{ task_id: 'write-note', agent: 'note', input_data: { topic: 'otel' } }],
      });
      const { args, env } = modelFlags(server, 'openai');
      server.enqueue({ text: 'noted', inputTokens: 80, outputTokens: 40 }, { json: { answer: 'It said noted.', highlights: [], follow_ups: [] }, inputTokens: 120, outputTokens: 30 });
      const result = await runCli(['run', file, '--no-cache', '-q', '--synthesize', '--otlp', receiver.endpoint, ...args], { cwd: dir, env: { ...env, ...CLEAN_OTEL } });
      expect(result.code, result.stderr).toBe(0);
      const spans = receiver.spans();
      const root = spans.find((span) => span.parentSpanId === '')!;
      const [agent] = byName(spans, 'invoke_agent note');
      const chats = byName(spans, 'chat loopback-model');
      expect(chats).toHaveLength(2);
      const taskChat = chats.find((span) => span.parentSpanId === agent!.spanId)!;
      const synthesis = chats.find((span) => span.parentSpanId === root.spanId)!;
      expect(taskChat).toMatchObject({
        kind: 3,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai-compatible',
          'gen_ai.system': 'openai-compatible',
          'gen_ai.request.model': 'loopback-model',
          'gen_ai.usage.input_tokens': 80,
          'gen_ai.usage.output_tokens': 40,
          'pdispatch.task_id': 'write-note',
          'pdispatch.attempt': 1,
          'pdispatch.cache_hit': false,
        },
      });
      expect(synthesis.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30, 'pdispatch.stage': 'synthesis' });
      // The index's token counts are the spans' sum.
      const index = await readJson(result.json.trace_index);
      expect(chats.reduce((sum, span) => sum + (span.attributes['gen_ai.usage.input_tokens'] as number), 0)).toBe(index.summary.input_tokens);
      expect(spans.some((span) => 'gen_ai.input.messages' in span.attributes || 'gen_ai.output.messages' in span.attributes)).toBe(false);

      const exported = await runCli(['export', result.json.trace_index, '--format', 'otlp', '--otlp', receiver.endpoint], { cwd: dir, env: { ...CLEAN_OTEL, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' } });
      expect(exported.code, exported.stderr).toBe(0);
      const withContent = receiver.requests[1]!.spans.find((span) => span.spanId === taskChat.spanId)!;
      expect(JSON.parse(withContent.attributes['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'noted' }], finish_reason: 'stop' }]);
      expect(withContent.attributes['gen_ai.input.messages']).toContain('Write a one-word note.');
    } finally {
      await server.close();
    }
  });

  it('an MCP tool call is an execute_tool span inside its attempt, beside the chat spans; its arguments only with content capture', async () => {
    const server = await startLoopbackModelServer();
    try {
      await fs.mkdir(path.join(dir, 'docs'));
      const notes = path.join(dir, 'docs', 'notes.txt');
      await fs.writeFile(notes, 'The launch code is 7-alpha.\n');
      const config = path.join(dir, '.mcp.json');
      await fs.writeFile(config, JSON.stringify({ mcpServers: { files: { command: path.join(REPO, 'node_modules/.bin/mcp-server-filesystem'), args: [path.join(dir, 'docs')] } } }));
      server.enqueue({ toolCalls: [{ name: 'files__read_text_file', arguments: { path: notes } }] }, (request: RecordedRequest) => ({ text: `From the notes: ${request.toolResults.map((result) => result.content).join(' ')}` }));
      const file = await writeDispatch(dir, {
        config: { agents: { reader: { kind: 'prompt', instructions: 'Answer from what the tools return.' } } },
        tasks: [{ task_id: 'read', agent: 'reader', tools: ['files.read_text_file'], input_data: { question: 'What is the launch code?' } }],
      });
      const { args, env } = modelFlags(server, 'openai');
      const result = await runCli(['run', file, '--no-cache', '-q', '--mcp-config', config, '--otlp', receiver.endpoint, ...args], { cwd: dir, env: { ...env, ...CLEAN_OTEL, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' } });
      expect(result.code, result.stderr).toBe(0);
      const spans = receiver.spans();
      const [agent] = byName(spans, 'invoke_agent reader');
      const children = spans.filter((span) => span.parentSpanId === agent!.spanId).sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
      expect(children.map((span) => span.name)).toEqual(['chat loopback-model', 'execute_tool read_text_file', 'chat loopback-model']);
      const tool = children[1]!;
      expect(tool).toMatchObject({ kind: 1, status: { code: 0 }, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'read_text_file', 'pdispatch.mcp_server': 'files', 'pdispatch.task_id': 'read' } });
      expect(JSON.parse(tool.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({ path: notes });
      expect(tool.attributes['gen_ai.tool.call.result']).toContain('7-alpha');
      expect(children[2]!.attributes['gen_ai.input.messages']).toContain('7-alpha');
    } finally {
      await server.close();
    }
  });

  it('a task answered from the result cache says so (pdispatch.cache_hit) and its known price is pdispatch.cost_usd', async () => {
    const server = await startLoopbackModelServer({ fallback: { text: 'noted', inputTokens: 80, outputTokens: 40 } });
    try {
      const file = await writeDispatch(dir, {
        config: { prices: { 'openai-compatible:loopback-model': { input_per_mtok: 10, output_per_mtok: 30 } }, agents: { note: { kind: 'prompt', instructions: 'Write a one-word note.' } } },
        tasks: [{ task_id: 'write-note', agent: 'note', input_data: { topic: 'otel' } }],
      });
      const { args, env } = modelFlags(server, 'openai');
      const run = () => runCli(['run', file, '-q', '--otlp', receiver.endpoint, ...args], { cwd: dir, env: { ...env, ...CLEAN_OTEL } });
      expect((await run()).code).toBe(0);
      expect((await run()).code).toBe(0);
      const [first, second] = receiver.requests.map((request) => request.spans.find((span) => span.name === 'invoke_agent note')!);
      expect(first!.attributes['pdispatch.cache_hit']).toBe(false);
      expect(second!.attributes['pdispatch.cache_hit']).toBe(true);
      const chat = receiver.requests[0]!.spans.find((span) => span.name === 'chat loopback-model')!;
      expect(chat.attributes['pdispatch.cost_usd']).toBeCloseTo((80 * 10 + 40 * 30) / 1e6, 12);
      expect(receiver.requests[1]!.spans.some((span) => span.name.startsWith('chat '))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('pdispatch ask sends its planning as a `plan` span with the planner\'s chat inside, then the tasks and the synthesis', async () => {
    const server = await startLoopbackModelServer({ fallback: scriptedModel([seedPlan()]) });
    try {
      const { args, env } = modelFlags(server, 'openai');
      const result = await runCli(['ask', SEED_REQUEST, '--yes', '--json', '--otlp', receiver.endpoint, ...args], { cwd: dir, env: { ...env, ...CLEAN_OTEL } });
      expect(result.code, result.stderr).toBe(0);
      const spans = receiver.spans();
      const root = spans.find((span) => span.parentSpanId === '')!;
      const [plan] = byName(spans, 'plan');
      expect(plan).toMatchObject({ parentSpanId: root.spanId, attributes: { 'pdispatch.plan_status': 'valid', 'pdispatch.plan_rounds': 1 } });
      const planChats = spans.filter((span) => span.parentSpanId === plan!.spanId);
      expect(planChats.map((span) => [span.name, span.attributes['gen_ai.usage.input_tokens'], span.attributes['gen_ai.usage.output_tokens']])).toEqual([['chat loopback-model', TOKENS.plan.inputTokens, TOKENS.plan.outputTokens]]);
      const agents = byName(spans, 'invoke_agent coder');
      expect(agents).toHaveLength(3);
      for (const agent of agents) expect(spans.filter((span) => span.parentSpanId === agent.spanId).map((span) => span.attributes['gen_ai.usage.input_tokens'])).toEqual([TOKENS.coder.inputTokens]);
      const synthesis = spans.filter((span) => span.parentSpanId === root.spanId && span.name.startsWith('chat '));
      expect(synthesis.map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([TOKENS.synthesis.outputTokens]);
      // Planning came before the tasks: the root starts with it.
      expect(BigInt(root.startTimeUnixNano)).toBe(BigInt(plan!.startTimeUnixNano));
    } finally {
      await server.close();
    }
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
