import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../../../test/support/loopback-model-server.js';
import { createModelClient } from './ai-sdk-model-client.js';
import type { ModelCallRecord } from './model-client.js';
import { ModelError } from './model-error.js';
import type { ResolvedModel } from './resolve-model.js';
import { taskModelClient } from './task-model-client.js';

const KEY = 'sk-test-SECRET-123';
const fast = { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 }, callTimeoutMs: 2000 };
const question = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'What is 2 + 2?' }];

let server: LoopbackModelServer;
beforeEach(async () => {
  server = await startLoopbackModelServer();
});
afterEach(() => server.close());

function model(provider: ResolvedModel['provider'], extra: Partial<ResolvedModel> = {}): ResolvedModel {
  return { provider, model: `${provider}-test-model`, baseUrl: server.baseUrl, apiKey: KEY, maxConcurrency: undefined, ...extra };
}

function recorded(provider: ResolvedModel['provider'], extra: Partial<ResolvedModel> = {}, options = fast) {
  const calls: ModelCallRecord[] = [];
  const client = taskModelClient(createModelClient(model(provider, extra), options), { modelCall: (call) => calls.push(call) }, undefined);
  return { client, calls };
}

describe.each(['openai-compatible', 'anthropic'] as const)('%s over the real wire protocol', (provider) => {
  it('returns text with token usage and records the call', async () => {
    server.enqueue({ text: '4', inputTokens: 21, outputTokens: 1 });
    const { client, calls } = recorded(provider);
    const reply = await client.generateText({ messages: question, signal: new AbortController().signal });
    expect(reply).toMatchObject({ text: '4', usage: { input_tokens: 21, output_tokens: 1 }, attempts: 1 });
    const sent = server.requests[0]!;
    expect(sent.promptText).toContain('Be brief.');
    expect(sent.promptText).toContain('What is 2 + 2?');
    expect(sent.body.model).toBe(`${provider}-test-model`);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ provider, input_tokens: 21, output_tokens: 1, reply: '4', attempts: 1 });
    expect(JSON.stringify(calls)).not.toContain(KEY);
  });

  it('returns an object validated by the schema', async () => {
    server.enqueue({ json: { answer: 4, unit: 'apples' } });
    const { client } = recorded(provider);
    const reply = await client.generateObject({ messages: question, signal: new AbortController().signal, schema: z.object({ answer: z.number(), unit: z.string() }), schemaName: 'sum' });
    expect(reply.object).toEqual({ answer: 4, unit: 'apples' });
  });
});

describe('retries and limits', () => {
  it('honours Retry-After on 429, then succeeds', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { text: 'ok' });
    const { client, calls } = recorded('openai-compatible');
    const started = Date.now();
    const reply = await client.generateText({ messages: question, signal: new AbortController().signal });
    expect(reply.text).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls[0]!.attempts).toBe(2);
  });

  it('fails at once when Retry-After goes past the task\'s deadline, saying when the quota resets', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3600' }, body: { error: { message: 'quota exceeded' } } });
    const calls: ModelCallRecord[] = [];
    const client = taskModelClient(createModelClient(model('anthropic'), fast), { modelCall: (call) => calls.push(call) }, Date.now() + 5000);
    const error = await client.generateText({ messages: question, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(/rate limited \(429\).*the provider asks to wait until \d{4}-\d\d-\d\dT.*after this task's deadline/);
    expect((error as ModelError).retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
    expect(calls[0]).toMatchObject({ finish_reason: 'error', error: expect.stringContaining('429') });
  });

  it('retries 5xx and dropped connections with backoff, and gives up after the last attempt', async () => {
    server.enqueue({ status: 503 }, { destroy: true }, { text: 'finally' });
    const { client } = recorded('openai-compatible');
    expect((await client.generateText({ messages: question, signal: new AbortController().signal })).attempts).toBe(3);
    server.enqueue({ status: 500 }, { status: 502 }, { status: 500 });
    const error = await client.generateText({ messages: question, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect((error as ModelError).message).toBe('openai-compatible openai-compatible-test-model: server error (500): {"error":{"message":"scripted 500"}} (gave up after 3 attempts)');
  });

  it('does not retry a request the server refuses', async () => {
    server.enqueue({ status: 401, body: { error: { message: 'bad key' } } });
    const { client } = recorded('anthropic');
    const error = await client.generateText({ messages: question, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect((error as ModelError).statusCode).toBe(401);
    expect((error as Error).message).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('abandons a slow reply after the per-call timeout and retries it', async () => {
    server.enqueue({ text: 'late', delayMs: 5000 }, { text: 'on time' });
    const { client } = recorded('openai-compatible', {}, { ...fast, callTimeoutMs: 300 });
    expect((await client.generateText({ messages: question, signal: new AbortController().signal })).text).toBe('on time');
  });

  it('stops an in-flight call at once when the task is aborted', async () => {
    server.enqueue({ text: 'never', delayMs: 10_000 });
    const { client, calls } = recorded('anthropic');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('task cancelled')), 100);
    const started = Date.now();
    await expect(client.generateText({ messages: question, signal: controller.signal })).rejects.toThrow('task cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls[0]).toMatchObject({ error: 'cancelled' });
  });

  it('caps simultaneous calls at max_concurrency', async () => {
    server.enqueue({ text: 'a', delayMs: 150 }, { text: 'b', delayMs: 150 }, { text: 'c', delayMs: 150 });
    const client = createModelClient(model('openai-compatible', { maxConcurrency: 1 }), fast);
    const signal = new AbortController().signal;
    await Promise.all([1, 2, 3].map(() => client.generateText({ messages: question, signal })));
    expect(server.mostInFlight).toBe(1);
  });
});
