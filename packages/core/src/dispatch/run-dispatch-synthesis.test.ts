import { readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInAgents } from '../agents/built-in-agents.js';
import { createModelClient } from '../models/ai-sdk-model-client.js';
import type { ModelClient } from '../models/model-client.js';
import { planRerun } from '../rerun/plan-rerun.js';
import { readRerunSource } from '../rerun/read-rerun-source.js';
import type { PlanRecord } from '../tracing/planning-records.js';
import { plannedDispatchFile, planRecordFile, synthesisRecordFile } from '../tracing/trace-file-names.js';
import { readDispatchIndex, readTraceFile } from '../tracing/trace-reader.js';
import { startLoopbackModelServer, type LoopbackModelServer, type WireProtocol } from '../../test-support/loopback-model-server.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import type { DispatchEvent } from './dispatch-events.js';
import { prepareDispatch } from './prepare-dispatch.js';
import { runDispatch, type RunDispatchOptions } from './run-dispatch.js';

const SECRET = 'sk-live-0123456789abcdef';
const env = { PATH: process.env.PATH, MY_API_KEY: SECRET };
const REQUEST = 'Find out what the two checks say';
const ANSWER = { answer: 'The check printed a token; `fails` failed with exit code 3.', highlights: ['one check failed'], follow_ups: ['fix `fails`'] };

let server: LoopbackModelServer;
beforeEach(async () => {
  server = await startLoopbackModelServer();
});
afterEach(async () => {
  await server.close();
});

function client(protocol: WireProtocol, maxAttempts = 3): ModelClient {
  const provider = protocol === 'openai' ? 'openai-compatible' : 'anthropic';
  return createModelClient(
    { provider, model: 'test-model', baseUrl: server.baseUrl, apiKey: 'loopback-model-key', apiKeySource: 'TEST_KEY', maxConcurrency: undefined },
    { retry: { maxAttempts, baseDelayMs: 5, maxDelayMs: 10 }, callTimeoutMs: 10_000 },
  );
}

/** A plan record as the planner writes it, the secret in its request to see it redacted. */
function planRecord(): PlanRecord {
  return {
    schema_version: 1,
    request: `${REQUEST} (key ${SECRET})`,
    model: { provider: 'anthropic', model: 'test-model' },
    context_files: [],
    model_calls: [],
    rounds: [{ round: 1, problems: [] }],
    status: 'valid',
    started_at: new Date().toISOString(),
    duration_ms: 12,
    input_tokens: 300,
    output_tokens: 40,
  };
}

const plan = {
  user_prompt: REQUEST,
  tasks: [
    { task_id: 'prints', agent: 'shell', description: 'print the token', input_data: { command: 'echo "token is $MY_API_KEY"' }, timeout_seconds: 40 },
    { task_id: 'fails', agent: 'shell', description: 'a check that fails', input_data: { command: 'echo boom >&2; exit 3' } },
    { task_id: 'after', agent: 'shell', dependencies: ['fails'], input_data: { command: 'true' } },
  ],
  config: { trace_dir: 'traces' },
};

async function runPlanned(options: Partial<RunDispatchOptions> = {}, dispatch: object = plan) {
  const workspace = await tempWorkspace();
  const prepared = prepareDispatch({ value: dispatch, cwd: workspace, agents: builtInAgents() });
  const events: DispatchEvent[] = [];
  const result = await runDispatch(prepared, { env, onEvent: (event) => events.push(event), ...options });
  return { workspace, prepared, result, events };
}

async function everyTraceText(traceDir: string): Promise<string> {
  const files = (await fs.readdir(traceDir, { recursive: true })).map((file) => path.join(traceDir, String(file)));
  const texts = await Promise.all(files.map(async (file) => ((await fs.stat(file)).isFile() ? fs.readFile(file, 'utf8') : '')));
  return texts.join('\n');
}

describe.each(['openai', 'anthropic'] as const)('runDispatch with planning and synthesis (%s)', (protocol) => {
  it('writes plan.json and plan.dispatch.json, synthesises after a failed task, and sums the tokens of every stage', async () => {
    server.enqueue({ json: ANSWER, inputTokens: 500, outputTokens: 60 });
    const { result, prepared, events } = await runPlanned({ synthesis: { model: client(protocol), request: REQUEST }, planning: { record: planRecord() } });

    // One call, after the tasks, carrying each task's status, error and output, the secret replaced.
    expect(server.requests).toHaveLength(1);
    const prompt = server.requests[0]!.promptText;
    expect(prompt).toContain(REQUEST);
    expect(prompt).toMatch(/## fails \(agent shell\): error[\s\S]*command exited with code 3: boom/);
    expect(prompt).toMatch(/## after \(agent shell\): skipped/);
    expect(prompt).toContain('Did not succeed: fails (error), after (skipped)');
    expect(prompt).toContain('token is ***');
    expect(prompt).toMatch(/must say so/);
    expect(JSON.stringify(server.requests[0]!.body)).not.toContain(SECRET);

    expect(result.status).toBe('failure');
    expect(result.synthesis).toEqual(ANSWER);
    const index = await readDispatchIndex(result.indexPath);
    expect(index.status).toBe('failure');
    expect(index.synthesis).toEqual({ ...ANSWER, input_tokens: 500, output_tokens: 60, cost_usd: null, error: null });
    const planFile = path.join(prepared.traceDir, plannedDispatchFile(index.dispatch_id));
    expect(index.planned_from).toEqual({ request: `${REQUEST} (key ***)`, plan_file: planFile });
    expect(index.summary.tokens_by_stage).toEqual({ planning: { input_tokens: 300, output_tokens: 40, cost_usd: null }, tasks: { input_tokens: 0, output_tokens: 0, cost_usd: 0 }, synthesis: { input_tokens: 500, output_tokens: 60, cost_usd: null } });
    expect(index.summary).toMatchObject({ input_tokens: 800, output_tokens: 100, cost_usd: null });
    // The tasks' wall time measures parallelism; the dispatch's total includes the synthesis.
    expect(index.total_time_ms!).toBeGreaterThanOrEqual(index.summary.wall_time_ms);
    expect(result.index).toEqual(index);

    const synthesis = await readTraceFile(path.join(prepared.traceDir, synthesisRecordFile(index.dispatch_id)));
    expect(synthesis.kind).toBe('synthesis');
    if (synthesis.kind !== 'synthesis') return;
    expect(synthesis.synthesis).toMatchObject({ request: REQUEST, answer: ANSWER, error: null, input_tokens: 500, output_tokens: 60, model: { model: 'test-model' } });
    expect(synthesis.synthesis.model_calls).toHaveLength(1);
    expect(synthesis.synthesis.model_calls[0]!.messages.map((message) => message.content).join('\n')).toContain('token is ***');
    const planned = await readTraceFile(path.join(prepared.traceDir, planRecordFile(index.dispatch_id)));
    expect(planned).toMatchObject({ kind: 'plan', plan: { request: `${REQUEST} (key ***)`, status: 'valid' } });

    // The plan as a dispatch file: it runs in the same workspace with the same tasks.
    const again = prepareDispatch({ text: await fs.readFile(planFile, 'utf8'), sourcePath: planFile, cwd: '/', agents: builtInAgents() });
    expect(again.workspace).toBe(prepared.workspace);
    expect([...again.tasks.keys()]).toEqual(['prints', 'fails', 'after']);

    const order = events.map((event) => event.type).filter((type) => !type.startsWith('task-'));
    expect(order).toEqual(['dispatch-started', 'synthesis-started', 'synthesis-finished', 'dispatch-finished']);
    expect(await everyTraceText(prepared.traceDir)).not.toContain(SECRET);
  });
});

describe('synthesis', () => {
  const passing = { user_prompt: REQUEST, tasks: [{ task_id: 'ok', agent: 'shell', input_data: { command: 'echo fine' } }], config: { trace_dir: 'traces' } };

  it.each([
    ['a server error after the retries', 'openai' as const, [{ status: 500 }, { status: 500 }], /server error \(500\).*gave up after 2 attempts/],
    ['a reply that is not the JSON asked for', 'anthropic' as const, [{ text: 'Sure! Here is my answer.' }], /did not match the expected JSON/],
  ])('records %s as its error, leaving the status and the rest of the index as the tasks made them', async (_, protocol, replies, error) => {
    server.enqueue(...replies);
    const { result, prepared, events } = await runPlanned({ synthesis: { model: client(protocol, 2), request: REQUEST } }, passing);
    expect(result.status).toBe('success');
    expect(result.synthesis).toEqual({ error: expect.stringMatching(error) });
    const index = await readDispatchIndex(result.indexPath);
    expect(index).toMatchObject({ status: 'success', planned_from: null, summary: { success: 1 }, tasks: [{ task_id: 'ok', status: 'success', trace_file: expect.any(String) }] });
    expect(index.ended_at).not.toBeNull();
    expect(index.synthesis).toMatchObject({ answer: null, highlights: [], follow_ups: [], error: expect.stringMatching(error) });
    const record = await readTraceFile(path.join(prepared.traceDir, synthesisRecordFile(index.dispatch_id)));
    expect(record).toMatchObject({ kind: 'synthesis', synthesis: { answer: null, error: expect.stringMatching(error) } });
    expect(events.find((event) => event.type === 'synthesis-finished')).toMatchObject({ ok: false, error: expect.stringMatching(error) });
  });

  it('is under way while the index says running with every task final, and the index is final only after it', async () => {
    let seen: unknown;
    let indexPath = '';
    server.enqueue(async () => {
      const traceDir = path.join(workspaceOf(indexPath), 'traces');
      const [file] = (await fs.readdir(traceDir)).filter((name) => name.endsWith('.json'));
      seen = await readDispatchIndex(path.join(traceDir, file!));
      return { json: ANSWER };
    });
    const { result } = await runPlanned({
      synthesis: { model: client('openai'), request: REQUEST },
      onEvent: (event) => {
        if (event.type === 'dispatch-started') indexPath = event.trace_index;
      },
    }, passing);
    expect(seen).toMatchObject({ status: 'running', ended_at: null, tasks: [{ status: 'success' }], synthesis: { answer: null, error: null } });
    expect(result.index).toMatchObject({ status: 'success', synthesis: { answer: ANSWER.answer, error: null } });
  });

  it('ends with the error "cancelled" when the dispatch is cancelled during it, the status staying the tasks\'', async () => {
    server.enqueue({ json: ANSWER, delayMs: 30_000 });
    const controller = new AbortController();
    const { result } = await runPlanned({
      synthesis: { model: client('openai'), request: REQUEST },
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'synthesis-started') void server.waitForRequests(1).then(() => controller.abort());
      },
    }, passing);
    expect(result.status).toBe('success');
    expect(result.synthesis).toEqual({ error: 'cancelled' });
    expect(result.index.synthesis).toMatchObject({ answer: null, error: 'cancelled' });
  });

  it('says when synthesis.json could not be written, and still writes the final index', async () => {
    server.enqueue(async () => {
      // Where synthesis.json goes, a folder: the rename onto it fails.
      const [folder] = (await fs.readdir(tracesOf)).filter((name) => !name.endsWith('.json'));
      await fs.mkdir(path.join(tracesOf, folder!, 'synthesis.json', 'taken'), { recursive: true });
      return { json: ANSWER };
    });
    let tracesOf = '';
    const { result } = await runPlanned({
      synthesis: { model: client('anthropic'), request: REQUEST },
      onEvent: (event) => {
        if (event.type === 'dispatch-started') tracesOf = path.dirname(event.trace_index);
      },
    }, passing);
    expect(result.traceError?.message).toMatch(/could not write traces in .*; dispatch-\S+\/synthesis\.json not written$/);
    expect(result.traceError?.indexWritten).toBe(true);
    expect((await readDispatchIndex(result.indexPath)).synthesis).toMatchObject({ answer: ANSWER.answer });
  });

  it('does not run for a dry run or a cancelled dispatch', async () => {
    const model = client('anthropic');
    const dry = await runPlanned({ synthesis: { model, request: REQUEST }, dryRun: true }, passing);
    expect(dry.result.synthesis).toBeUndefined();
    expect(dry.result.index.synthesis).toBeNull();
    const cancelled = await runPlanned({ synthesis: { model, request: REQUEST }, signal: AbortSignal.abort() }, passing);
    expect(cancelled.result.status).toBe('cancelled');
    expect(cancelled.result.index.synthesis).toBeNull();
    expect(cancelled.events.map((event) => event.type)).not.toContain('synthesis-started');
    expect(server.requests).toHaveLength(0);
    await expect(fs.stat(path.join(cancelled.prepared.traceDir, synthesisRecordFile(cancelled.result.index.dispatch_id)))).rejects.toThrow();
  });
});

function workspaceOf(indexPath: string): string {
  return path.dirname(path.dirname(indexPath));
}

describe('a planned dispatch', () => {
  it('can be rerun from the plan core wrote, keeping what only the file knew', async () => {
    let atStart: string[] = [];
    const { result } = await runPlanned({
      planning: { record: planRecord() },
      // The first index already names plan_file: it is there by then.
      onEvent: (event) => {
        if (event.type === 'dispatch-started') atStart = readdirSync(event.trace_index.replace(/\.json$/, ''));
      },
    });
    expect(atStart.sort()).toEqual(['plan.dispatch.json', 'plan.json']);
    const source = await readRerunSource(result.indexPath);
    expect(source.index.source.path).toBeNull();
    expect(source.originalTasks?.get('prints')?.timeout_seconds).toBe(40);
    const rerun = planRerun(source);
    expect(rerun.taskIds).toEqual(['fails', 'after']);
    expect(rerun.file.tasks[0]).toMatchObject({ task_id: 'fails', description: 'a check that fails', input_data: { command: 'echo boom >&2; exit 3' } });
  });

  it('names the plan file the host wrote, writes no copy, and keeps a task named "plan" apart from plan.json', async () => {
    const workspace = await tempWorkspace();
    const file = path.join(workspace, 'nodes.dispatch.json');
    const dispatch = { tasks: [{ task_id: 'plan', agent: 'shell', input_data: { command: 'echo planned' } }], config: { trace_dir: 'traces' } };
    await fs.writeFile(file, JSON.stringify(dispatch));
    const prepared = prepareDispatch({ text: JSON.stringify(dispatch), sourcePath: file, cwd: workspace, agents: builtInAgents() });
    const result = await runDispatch(prepared, { env, planning: { record: planRecord() } });
    const index = await readDispatchIndex(result.indexPath);
    expect(index.planned_from).toEqual({ request: `${REQUEST} (key ***)`, plan_file: file });
    expect(index.tasks[0]!.trace_file).toBe(`${index.dispatch_id}/_plan.json`);
    expect((await fs.readdir(path.join(prepared.traceDir, index.dispatch_id))).sort()).toEqual(['_plan.json', 'plan.json']);
    expect(await readTraceFile(path.join(prepared.traceDir, planRecordFile(index.dispatch_id)))).toMatchObject({ kind: 'plan' });
    expect(await readTraceFile(path.join(prepared.traceDir, index.tasks[0]!.trace_file!))).toMatchObject({ kind: 'task', trace: { output: { stdout: 'planned\n' } } });
  });
});
