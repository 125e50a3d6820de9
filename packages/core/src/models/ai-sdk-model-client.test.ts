import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModelClient, type ModelClientOptions } from './ai-sdk-model-client.js';
import type { ModelClient } from './model-client.js';
import type { ModelCallRecord } from '../tracing/model-call-record.js';
import { ModelClientPool } from './model-client-pool.js';
import { ModelError } from './model-error.js';
import type { ResolvedModel } from './resolve-model.js';
import { taskModelClient } from './task-model-client.js';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../test-support/loopback-model-server.js';

const KEY = 'sk-test-SECRET-123';
const fast: ModelClientOptions = { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 }, callTimeoutMs: 2000 };
const question = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'What is 2 + 2?' },
];
const sumSchema = z.object({ answer: z.number(), unit: z.string() });

let server: LoopbackModelServer;
let calls: ModelCallRecord[];
let errors: unknown[];
beforeEach(async () => {
  server = await startLoopbackModelServer();
  calls = [];
  errors = [];
});
afterEach(async () => {
  await server.close();
  // Whatever a test did, the key reached no record and no error.
  const seen = JSON.stringify(calls) + errors.map((error) => (error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error))).join('\n');
  expect(seen).not.toContain(KEY);
});

function model(provider: ResolvedModel['provider'], extra: Partial<ResolvedModel> = {}): ResolvedModel {
  const names = { 'openai-compatible': 'llama3.1', openai: 'gpt-test', anthropic: 'claude-sonnet-4-5', google: 'gemini-2.5-flash' };
  return { provider, model: names[provider], baseUrl: provider === 'google' ? server.googleBaseUrl : server.baseUrl, apiKey: KEY, apiKeySource: 'TEST_API_KEY', maxConcurrency: undefined, ...extra };
}

/** A client as a task sees it, its calls recorded into `calls`. */
function taskClient(client: ModelClient, deadline?: number): ModelClient {
  return taskModelClient(client, { modelCall: (call) => calls.push(call) }, deadline);
}

function client(provider: ResolvedModel['provider'], extra: Partial<ResolvedModel> = {}, options: ModelClientOptions = fast, deadline?: number): ModelClient {
  return taskClient(createModelClient(model(provider, extra), options), deadline);
}

function ask(target: ModelClient, signal: AbortSignal = new AbortController().signal) {
  return target.generateText({ messages: question, signal });
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  errors.push(error);
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe.each(['openai-compatible', 'openai', 'anthropic'] as const)('%s over its real wire protocol', (provider) => {
  it('sends the conversation with the key and returns text with token usage, recorded', async () => {
    server.enqueue({ text: '4', inputTokens: 21, outputTokens: 1 });
    const reply = await ask(client(provider));
    expect(reply).toMatchObject({ text: '4', usage: { input_tokens: 21, output_tokens: 1 }, finishReason: 'stop', attempts: 1 });

    const sent = server.requests[0]!;
    expect(sent.path).toBe(provider === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
    expect(sent.body.model).toBe(model(provider).model);
    expect(sent.stream).toBe(false);
    if (provider === 'anthropic') {
      expect(sent.headers['x-api-key']).toBe(KEY);
      expect(sent.body.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    } else {
      expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(sent.body.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    }
    expect(sent.lastUserText).toBe('What is 2 + 2?');

    expect(calls).toEqual([
      expect.objectContaining({ provider, model: model(provider).model, input_tokens: 21, output_tokens: 1, finish_reason: 'stop', attempts: 1, messages: question, reply: '4' }),
    ]);
    expect(calls[0]!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('returns an object validated by the schema', async () => {
    server.enqueue({ json: { answer: 4, unit: 'apples' }, inputTokens: 30, outputTokens: 9 });
    const reply = await client(provider).generateObject({ messages: question, signal: new AbortController().signal, schema: sumSchema, schemaName: 'sum' });
    expect(reply).toMatchObject({ object: { answer: 4, unit: 'apples' }, usage: { input_tokens: 30, output_tokens: 9 } });
    const body = server.requests[0]!.body;
    if (provider === 'anthropic') expect(body.output_config.format).toMatchObject({ type: 'json_schema', schema: { type: 'object' } });
    else expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'sum', schema: { type: 'object' } } });
    expect(JSON.parse(calls[0]!.reply)).toEqual({ answer: 4, unit: 'apples' });
  });
});

describe('structured output', () => {
  it('answers through a forced tool call for Anthropic models without native structured output', async () => {
    server.enqueue({ json: { answer: 4, unit: 'pears' } });
    const reply = await client('anthropic', { model: 'anthropic-test-model' }).generateObject({ messages: question, signal: new AbortController().signal, schema: sumSchema });
    expect(reply.object).toEqual({ answer: 4, unit: 'pears' });
    expect(server.requests[0]!.body.tools[0].name).toBe('json');
  });

  it('sends a JSON Schema of the caller\'s own non-strict, and checks the reply with the request\'s schema', async () => {
    const jsonSchema = { type: 'object', properties: { answer: { type: 'number' }, note: { type: 'string' } }, required: ['answer'] };
    server.enqueue({ json: { answer: 4, extra: true } }, { json: { answer: 'four' } });
    const ask = (schema: z.ZodType) => client('openai').generateObject({ messages: question, signal: new AbortController().signal, schema, schemaName: 'sum', jsonSchema });
    await expect(ask(z.unknown())).resolves.toMatchObject({ object: { answer: 4, extra: true } });
    expect(server.requests[0]!.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'sum', strict: false, schema: jsonSchema } });
    expect((await failure(ask(sumSchema))).message).toMatch(/the reply did not match the expected JSON/);
  });

  it('fails without retrying when the reply does not match the schema, recording the tokens and the reply', async () => {
    server.enqueue({ json: { answer: 'four' }, inputTokens: 12, outputTokens: 5 });
    const error = await failure(client('openai-compatible').generateObject({ messages: question, signal: new AbortController().signal, schema: sumSchema }));
    expect(error.message).toMatch(/^openai-compatible llama3\.1: the reply did not match the expected JSON/);
    expect(error.isRetryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(calls[0]).toMatchObject({ finish_reason: 'error', input_tokens: 12, output_tokens: 5, reply: '{"answer":"four"}' });
  });
});

describe('rate limits', () => {
  it('waits out Retry-After in seconds, then succeeds', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { text: 'ok' });
    const started = Date.now();
    const reply = await ask(client('openai-compatible'));
    expect(reply).toMatchObject({ text: 'ok', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls[0]!.attempts).toBe(2);
  });

  it('honours retry-after-ms', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after-ms': '80', 'retry-after': '3600' } }, { text: 'ok' });
    const started = Date.now();
    expect((await ask(client('anthropic'))).attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fails at once when the quota resets after the task\'s deadline, saying when', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3600' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } } });
    const started = Date.now();
    const error = await failure(ask(client('anthropic', {}, fast, Date.now() + 5000)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(
      /^anthropic claude-sonnet-4-5: rate limited \(429\): Number of request tokens has exceeded your per-minute rate limit; the quota resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, after this task's deadline$/,
    );
    const resetsAt = Date.parse(/resets at (\S+),/.exec(error.message)![1]!);
    expect(Math.abs(resetsAt - (started + 3_600_000))).toBeLessThan(5000);
    expect(error).toMatchObject({ kind: 'model', provider: 'anthropic', model: 'claude-sonnet-4-5', statusCode: 429, isRetryable: true, retryAfterMs: 3_600_000, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(calls[0]).toMatchObject({ finish_reason: 'error', error: error.message });
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    server.enqueue({ status: 429, headers: { 'retry-after': inAnHour } });
    const error = await failure(ask(client('openai-compatible', {}, fast, Date.now() + 5000)));
    expect(error.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(error.message).toContain('after this task\'s deadline');
  });
});

describe('transient failures', () => {
  it('retries a 5xx, then succeeds', async () => {
    server.enqueue({ status: 500 }, { text: 'fine' });
    expect(await ask(client('openai-compatible'))).toMatchObject({ text: 'fine', attempts: 2 });
  });

  it('retries a dropped connection, then succeeds', async () => {
    server.enqueue({ destroy: true }, { text: 'back' });
    expect(await ask(client('anthropic'))).toMatchObject({ text: 'back', attempts: 2 });
  });

  it('gives up after the last attempt with the provider\'s own explanation', async () => {
    server.enqueue({ status: 500 }, { status: 502 }, { status: 503, body: { error: { message: 'overloaded, try later' } } });
    const error = await failure(ask(client('openai-compatible')));
    expect(error.message).toBe('openai-compatible llama3.1: server error (503): overloaded, try later (gave up after 3 attempts)');
    expect(error).toMatchObject({ statusCode: 503, isRetryable: true, attempts: 3 });
    expect(calls[0]).toMatchObject({ attempts: 3, finish_reason: 'error' });
  });

  it('names the endpoint it could not reach', async () => {
    const closed = server.baseUrl;
    await server.close();
    const error = await failure(ask(client('openai-compatible', { baseUrl: closed })));
    expect(error.message).toMatch(new RegExp(`^openai-compatible llama3\\.1: could not reach ${closed.replace(/[.]/g, '\\.')} \\(.*ECONNREFUSED.*\\) \\(gave up after 3 attempts\\)$`));
    server = await startLoopbackModelServer();
  });

  it('does not retry what the server refuses, and keeps an echoed key out of the error', async () => {
    server.enqueue({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    const error = await failure(ask(client('openai')));
    expect(error.message).toBe('openai gpt-test: request refused (401): Incorrect API key provided: ***; check the API key (from TEST_API_KEY)');
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('stops backing off at the task\'s deadline and says so', async () => {
    server.enqueue({ status: 503 });
    const error = await failure(ask(client('openai-compatible', {}, { retry: { baseDelayMs: 5000 } }, Date.now() + 1000)));
    expect(error.message).toBe('openai-compatible llama3.1: server error (503): scripted 503; no time is left to try again before this task\'s deadline');
  });
});

describe('time limits and cancellation', () => {
  it('abandons a reply slower than the per-call timeout and retries', async () => {
    server.enqueue({ text: 'late', delayMs: 5000 }, { text: 'on time' });
    expect(await ask(client('openai-compatible', {}, { ...fast, callTimeoutMs: 300 }))).toMatchObject({ text: 'on time', attempts: 2 });
  });

  it('reports the timeout when every attempt is too slow', async () => {
    server.enqueue({ text: 'late', delayMs: 5000 }, { text: 'late', delayMs: 5000 });
    const error = await failure(ask(client('anthropic', {}, { retry: { maxAttempts: 2, baseDelayMs: 10 }, callTimeoutMs: 200 })));
    expect(error.message).toBe('anthropic claude-sonnet-4-5: no reply within 0.2 s (gave up after 2 attempts)');
    expect(error.isRetryable).toBe(true);
  });

  it('stops an in-flight call at once when the task is aborted, with the abort\'s reason', async () => {
    server.enqueue({ text: 'never', delayMs: 10_000 });
    const controller = new AbortController();
    const pending = ask(client('anthropic'), controller.signal);
    await server.waitForRequests(1);
    const aborted = Date.now();
    controller.abort(new Error('task cancelled'));
    await expect(pending).rejects.toThrow('task cancelled');
    expect(Date.now() - aborted).toBeLessThan(500);
    expect(calls[0]).toMatchObject({ error: 'cancelled', finish_reason: 'error' });
  });

  it('stops waiting between attempts when the task is aborted', async () => {
    server.enqueue({ status: 503 }, { text: 'too late' });
    const controller = new AbortController();
    const pending = ask(client('openai-compatible', {}, { retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } }), controller.signal);
    await server.waitForRequests(1);
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const started = Date.now();
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('lets an aborted call leave the max_concurrency queue without ever being sent', async () => {
    server.enqueue({ text: 'first', delayMs: 400 });
    const shared = createModelClient(model('openai-compatible', { maxConcurrency: 1 }), fast);
    const first = ask(shared);
    await server.waitForRequests(1);
    const controller = new AbortController();
    const queued = ask(shared, controller.signal);
    const aborted = Date.now();
    controller.abort(new Error('no longer needed'));
    await expect(queued).rejects.toThrow('no longer needed');
    expect(Date.now() - aborted).toBeLessThan(200);
    expect((await first).text).toBe('first');
    expect(server.requests).toHaveLength(1);
  });
});

describe('max_concurrency', () => {
  it('serialises calls through one client at max_concurrency 1', async () => {
    server.enqueue({ text: 'a', delayMs: 150 }, { text: 'b', delayMs: 150 });
    const capped = createModelClient(model('openai-compatible', { maxConcurrency: 1 }), fast);
    const replies = await Promise.all([ask(capped), ask(capped)]);
    expect(replies.map((reply) => reply.text).sort()).toEqual(['a', 'b']);
    expect(server.mostInFlight).toBe(1);
  });

  it('lets calls overlap up to the cap', async () => {
    server.enqueue({ text: 'a', delayMs: 150 }, { text: 'b', delayMs: 150 });
    const two = createModelClient(model('anthropic', { maxConcurrency: 2 }), fast);
    await Promise.all([ask(two), ask(two)]);
    expect(server.mostInFlight).toBe(2);
  });

  it('holds across tasks that share a pooled client', async () => {
    server.enqueue({ text: 'a', delayMs: 150 }, { text: 'b', delayMs: 150 });
    const pool = new ModelClientPool(fast);
    const spec = model('openai-compatible', { maxConcurrency: 1 });
    expect(pool.clientFor(spec)).toBe(pool.clientFor({ ...spec }));
    expect(pool.clientFor(spec)).not.toBe(pool.clientFor({ ...spec, model: 'other' }));
    const [taskA, taskB] = [taskClient(pool.clientFor(spec)), taskClient(pool.clientFor({ ...spec }))];
    await Promise.all([ask(taskA!), ask(taskB!)]);
    expect(server.mostInFlight).toBe(1);
    expect(calls).toHaveLength(2);
  });
});

describe('call records', () => {
  it('cap each message and the reply, visibly', async () => {
    const long = 'x'.repeat(70_000);
    server.enqueue({ text: long });
    await taskClient(createModelClient(model('openai-compatible'), fast)).generateText({ messages: [{ role: 'user', content: long }], signal: new AbortController().signal });
    expect(server.requests[0]!.lastUserText).toHaveLength(70_000);
    const [record] = calls;
    expect(record!.messages[0]!.content.length).toBeLessThan(66_000);
    expect(record!.messages[0]!.content).toMatch(/…\[truncated/);
    expect(record!.reply.length).toBeLessThan(66_000);
    expect(record!.reply).toMatch(/…\[truncated/);
  });
});
