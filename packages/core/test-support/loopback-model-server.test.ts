import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { jsonSchema, Output, streamText } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLoopbackModelServer, type LoopbackModelServer } from './loopback-model-server.js';

// The server's non-streaming side is exercised by the model client's tests;
// these cover what later agent tests rely on besides: SSE, scripts as functions.
let server: LoopbackModelServer;
beforeEach(async () => {
  server = await startLoopbackModelServer();
});
afterEach(() => server.close());

const openai = () => createOpenAICompatible({ name: 'loopback', baseURL: server.openaiBaseUrl, apiKey: 'k', includeUsage: true }).chatModel('m');
const anthropic = (model = 'claude-sonnet-4-5') => createAnthropic({ baseURL: server.anthropicBaseUrl, apiKey: 'k' })(model);
const google = () => createGoogleGenerativeAI({ baseURL: server.googleBaseUrl, apiKey: 'k' })('gemini-2.5-flash');
const lookup = { lookup: { description: 'Looks a word up', inputSchema: jsonSchema({ type: 'object', properties: { word: { type: 'string' } }, required: ['word'] }) } };

describe('loopback model server', () => {
  it.each([
    ['openai', openai],
    ['anthropic', () => anthropic()],
    ['google', google],
  ] as const)('streams %s replies as SSE, usage included', async (_, languageModel) => {
    server.enqueue({ text: 'streamed reply', inputTokens: 5, outputTokens: 3 });
    const result = streamText({ model: languageModel(), prompt: 'hello', maxRetries: 0 });
    expect(await result.text).toBe('streamed reply');
    expect(await result.usage).toMatchObject({ inputTokens: 5, outputTokens: 3 });
    expect(server.requests[0]!.stream).toBe(true);
  });

  it.each([
    ['openai', openai],
    ['anthropic', () => anthropic()],
    ['google', google],
  ] as const)('streams %s tool calls with text alongside, and records the tools offered', async (protocol, languageModel) => {
    server.enqueue({ text: 'Let me look.', toolCalls: [{ name: 'lookup', arguments: { word: 'loopback' } }, { name: 'lookup', arguments: { word: 'server' } }] });
    const result = streamText({ model: languageModel(), prompt: 'define', tools: lookup, maxRetries: 0 });
    expect((await result.toolCalls).map((call) => call.input)).toEqual([{ word: 'loopback' }, { word: 'server' }]);
    expect(await result.text).toBe('Let me look.');
    expect(await result.finishReason).toBe('tool-calls');
    expect(server.requests[0]).toMatchObject({ protocol, stream: true, tools: ['lookup'], toolResults: [] });
    if (protocol === 'google') expect(server.requests[0]!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it.each([
    ['openai', openai],
    ['anthropic', () => anthropic()],
    ['google', google],
  ] as const)('records the tool results a %s request carries, in order', async (_, languageModel) => {
    server.enqueue({ text: 'done' });
    const call = (id: string, word: string) => ({ type: 'tool-call' as const, toolCallId: id, toolName: 'lookup', input: { word } });
    const result = (id: string, value: string) => ({ type: 'tool-result' as const, toolCallId: id, toolName: 'lookup', output: { type: 'text' as const, value } });
    await streamText({
      model: languageModel(),
      tools: lookup,
      maxRetries: 0,
      messages: [
        { role: 'user', content: 'define both' },
        { role: 'assistant', content: [call('c1', 'a'), call('c2', 'b')] },
        { role: 'tool', content: [result('c1', 'first letter'), result('c2', 'second letter')] },
      ],
    }).text;
    expect(server.requests[0]!.toolResults).toEqual([
      { name: 'lookup', content: 'first letter' },
      { name: 'lookup', content: 'second letter' },
    ]);
    expect(server.requests[0]!.lastUserText).toBe('define both');
  });

  it('streams structured output through a tool call when Anthropic asks for one', async () => {
    server.enqueue({ json: { ok: true } });
    const result = streamText({ model: anthropic('loopback-model'), prompt: 'hello', maxRetries: 0, maxOutputTokens: 100, output: Output.object({ schema: z.object({ ok: z.boolean() }) }) });
    expect(await result.output).toEqual({ ok: true });
    expect(server.requests[0]!.body.tools[0].name).toBe('json');
  });

  it('answers from a function of the request, and falls back to a default script', async () => {
    await server.close();
    server = await startLoopbackModelServer({ fallback: (request) => ({ text: `you said: ${request.lastUserText}` }) });
    server.enqueue(async (request) => ({ text: `first: ${request.lastUserText}` }));
    const say = async (prompt: string) => (await streamText({ model: openai(), prompt, maxRetries: 0 }).text);
    expect(await say('one')).toBe('first: one');
    expect(await say('two')).toBe('you said: two');
    expect(server.pending).toBe(0);
  });

  it('refuses a request nobody scripted, naming it', async () => {
    const response = await fetch(`${server.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'unexpected question' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('the test scripted no reply for request 1 (last user message: unexpected question)');
  });
});
