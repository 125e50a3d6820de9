import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../test-support/loopback-model-server.js';
import type { ModelCallRecord } from '../tracing/model-call-record.js';
import { createModelClient } from './ai-sdk-model-client.js';
import type { ModelClient } from './model-client.js';
import { ModelError } from './model-error.js';
import { taskModelClient } from './task-model-client.js';

const KEY = 'AIza-test-SECRET-456';
const question = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'What is 2 + 2?' },
];
const signal = new AbortController().signal;

let server: LoopbackModelServer;
let calls: ModelCallRecord[];
beforeEach(async () => {
  server = await startLoopbackModelServer();
  calls = [];
});
afterEach(async () => {
  await server.close();
  expect(JSON.stringify(calls)).not.toContain(KEY);
});

function gemini(deadline?: number): ModelClient {
  const resolved = { provider: 'google' as const, model: 'gemini-2.5-flash', baseUrl: server.googleBaseUrl, apiKey: KEY, apiKeySource: 'GOOGLE_GENERATIVE_AI_API_KEY', maxConcurrency: undefined };
  return taskModelClient(createModelClient(resolved, { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } }), { modelCall: (call) => calls.push(call) }, deadline);
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ModelError);
  expect(String((error as Error).message)).not.toContain(KEY);
  return error as ModelError;
}

describe('google over the Generative Language API', () => {
  it('sends the conversation to generateContent with the key header and returns text with usage', async () => {
    server.enqueue({ text: '4', inputTokens: 17, outputTokens: 2 });
    const reply = await gemini().generateText({ messages: question, signal });
    expect(reply).toMatchObject({ text: '4', usage: { input_tokens: 17, output_tokens: 2 }, finishReason: 'stop', attempts: 1 });
    const sent = server.requests[0]!;
    expect(sent).toMatchObject({ protocol: 'google', path: '/v1beta/models/gemini-2.5-flash:generateContent', stream: false, lastUserText: 'What is 2 + 2?' });
    expect(sent.headers['x-goog-api-key']).toBe(KEY);
    expect(sent.body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(sent.body.contents).toEqual([{ role: 'user', parts: [{ text: 'What is 2 + 2?' }] }]);
    expect(calls[0]).toMatchObject({ provider: 'google', model: 'gemini-2.5-flash', reply: '4', input_tokens: 17 });
  });

  it('returns an object, asking for it with a response schema', async () => {
    server.enqueue({ json: { answer: 4, unit: 'apples' } });
    const schema = z.object({ answer: z.number(), unit: z.string() });
    const reply = await gemini().generateObject({ messages: question, signal, schema, schemaName: 'sum' });
    expect(reply.object).toEqual({ answer: 4, unit: 'apples' });
    expect(server.requests[0]!.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { answer: { type: 'number' }, unit: { type: 'string' } }, required: ['answer', 'unit'] },
    });
  });

  it('reports a refused key clearly, without retrying', async () => {
    server.enqueue({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
        },
      },
    });
    const error = await failure(gemini().generateText({ messages: question, signal }));
    expect(error.message).toBe('google gemini-2.5-flash: request refused (400): API key not valid. Please pass a valid API key.; check the API key (from GOOGLE_GENERATIVE_AI_API_KEY)');
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  const quotaExceeded = (retryDelay: string) => ({
    status: 429,
    body: {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
        ],
      },
    },
  });

  it('waits out the RetryInfo retryDelay of a 429, then succeeds', async () => {
    server.enqueue(quotaExceeded('1s'), { text: 'ok' });
    const started = Date.now();
    const reply = await gemini().generateText({ messages: question, signal });
    expect(reply).toMatchObject({ text: 'ok', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fails at once when the retryDelay ends after the task\'s deadline, saying when', async () => {
    server.enqueue(quotaExceeded('3600s'));
    const error = await failure(gemini(Date.now() + 5000).generateText({ messages: question, signal }));
    expect(error.message).toMatch(/^google gemini-2\.5-flash: rate limited \(429\): You exceeded your current quota, please check your plan and billing details\.; the quota resets at \S+Z, after this task's deadline$/);
    expect(error).toMatchObject({ statusCode: 429, retryAfterMs: 3_600_000, attempts: 1 });
  });

  describe('an object asked for while tools are offered', () => {
    const schema = z.object({ summary: z.string() });
    const tool = { name: 'docs__read', description: 'Reads', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

    it('comes through a required answer function, as Gemini refuses JSON mode beside function calling', async () => {
      server.enqueue({ toolCalls: [{ name: 'docs__read', arguments: { path: 'a.md' } }] }, { json: { summary: 'short' } });
      const first = await gemini().generateObject({ messages: question, signal, schema, tools: [tool] });
      expect(first.object).toBeUndefined();
      expect(first.toolCalls!.map((call) => call.name)).toEqual(['docs__read']);
      const body = server.requests[0]!.body;
      expect(body.generationConfig?.responseMimeType).toBeUndefined();
      expect(server.requests[0]!.tools).toEqual(['docs__read', 'json']);
      expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });

      const second = await gemini().generateObject({ messages: question, signal, schema, tools: [tool] });
      expect(second).toMatchObject({ object: { summary: 'short' }, finishReason: 'stop' });
      expect(second.toolCalls).toBeUndefined();
      // The answer is the call's reply in the trace, not a tool call.
      expect(calls[1]).toMatchObject({ reply: JSON.stringify({ summary: 'short' }, null, 2) });
      expect(calls[1]!.reply_tool_calls).toBeUndefined();
    });

    it('offers only the answer function once the call budget is spent (toolChoice none)', async () => {
      server.enqueue({ json: { summary: 'done' } });
      const reply = await gemini().generateObject({ messages: question, signal, schema, tools: [tool], toolChoice: 'none' });
      expect(reply.object).toEqual({ summary: 'done' });
      expect(server.requests[0]!.tools).toEqual(['json']);
      expect(server.requests[0]!.body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['json'] } });
    });

    it('fails like any unmatched reply when the answer does not fit the schema', async () => {
      server.enqueue({ json: { summary: 42 } });
      const error = await failure(gemini().generateObject({ messages: question, signal, schema, tools: [tool] }));
      expect(error.message).toMatch(/^google gemini-2\.5-flash: the reply did not match the expected JSON/);
      expect(error.reply).toBe('{"summary":42}');
    });
  });
});
