import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loopbackThoughtSignature, startLoopbackModelServer, type LoopbackModelServer } from '../../test-support/loopback-model-server.js';
import type { ModelCallRecord } from '../tracing/model-call-record.js';
import { createModelClient } from './ai-sdk-model-client.js';
import type { ModelClient, ModelMessage, ToolCallRequest, ToolDefinition } from './model-client.js';
import type { ResolvedModel } from './resolve-model.js';
import { taskModelClient } from './task-model-client.js';

const readFile: ToolDefinition = {
  name: 'docs__read_text_file',
  description: 'Reads a text file',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
};
const question: ModelMessage[] = [
  { role: 'system', content: 'Use the tools.' },
  { role: 'user', content: 'What does notes.txt say?' },
];
const signal = new AbortController().signal;

let server: LoopbackModelServer;
let calls: ModelCallRecord[];
beforeEach(async () => {
  server = await startLoopbackModelServer();
  calls = [];
});
afterEach(() => server.close());

type Provider = 'openai-compatible' | 'anthropic' | 'google';
const names: Record<Provider, string> = { 'openai-compatible': 'llama3.1', anthropic: 'claude-sonnet-4-5', google: 'gemini-2.5-flash' };

function client(provider: Provider): ModelClient {
  const resolved: ResolvedModel = {
    provider,
    model: names[provider],
    baseUrl: provider === 'google' ? server.googleBaseUrl : server.baseUrl,
    apiKey: 'k',
    maxConcurrency: undefined,
  };
  return taskModelClient(createModelClient(resolved, { retry: { maxAttempts: 1 } }), { modelCall: (call) => calls.push(call) }, undefined);
}

/** The conversation after the model called `call` and the tool answered. */
function afterCall(call: ToolCallRequest, result: string, isError = false): ModelMessage[] {
  return [
    ...question,
    { role: 'assistant', content: '', toolCalls: [call] },
    { role: 'tool', toolCallId: call.id, toolName: call.name, content: result, isError },
  ];
}

describe.each(['openai-compatible', 'anthropic', 'google'] as const)('tools over %s', (provider) => {
  it('returns the tool calls the model asked for, arguments parsed, offering the tools by name', async () => {
    server.enqueue({ toolCalls: [{ name: readFile.name, arguments: { path: 'notes.txt' } }, { name: readFile.name, arguments: { path: 'more.txt' } }] });
    const reply = await client(provider).generateText({ messages: question, signal, tools: [readFile] });
    expect(reply.toolCalls?.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
      { name: readFile.name, args: { path: 'notes.txt' } },
      { name: readFile.name, args: { path: 'more.txt' } },
    ]);
    expect(reply.toolCalls![0]!.id).not.toBe('');
    expect(reply.finishReason).toBe('tool-calls');
    expect(server.requests[0]!.tools).toEqual([readFile.name]);
    // The trace lists the calls by name and id, never what the provider attached to them.
    expect(calls[0]!.reply_tool_calls).toEqual(reply.toolCalls!.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })));
    if (provider === 'google') {
      expect(reply.toolCalls![0]!.providerMetadata).toEqual({ google: { thoughtSignature: loopbackThoughtSignature(readFile.name) } });
      expect(JSON.stringify(calls)).not.toContain(loopbackThoughtSignature(readFile.name));
    }
  });

  it('sends tool results back in the protocol\'s own form', async () => {
    server.enqueue({ toolCalls: [{ name: readFile.name, arguments: { path: 'notes.txt' } }] }, { text: 'It says hello.' });
    const first = await client(provider).generateText({ messages: question, signal, tools: [readFile] });
    const call = first.toolCalls![0]!;
    const second = await client(provider).generateText({ messages: afterCall(call, 'hello from notes'), signal, tools: [readFile] });
    expect(second).toMatchObject({ text: 'It says hello.', finishReason: 'stop' });
    expect(second.toolCalls).toBeUndefined();
    const sent = server.requests[1]!;
    expect(sent.toolResults).toEqual([{ name: readFile.name, content: 'hello from notes' }]);
    expect(sent.lastUserText).toBe('What does notes.txt say?');
    const body = sent.body;
    if (provider === 'openai-compatible') {
      expect(body.messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: call.id, type: 'function', function: { name: readFile.name, arguments: '{"path":"notes.txt"}' } }] });
      expect(body.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: call.id, content: 'hello from notes' });
    } else if (provider === 'anthropic') {
      expect(body.messages.at(-2)).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: readFile.name, input: { path: 'notes.txt' } }] });
      expect(body.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id }] });
    } else {
      // Gemini's thought signature went back with the call it came with.
      expect(body.contents.at(-2)).toMatchObject({ role: 'model', parts: [{ functionCall: { name: readFile.name, args: { path: 'notes.txt' } }, thoughtSignature: loopbackThoughtSignature(readFile.name) }] });
      expect(body.contents.at(-1)).toMatchObject({ role: 'user', parts: [{ functionResponse: { name: readFile.name, response: { name: readFile.name, content: 'hello from notes' } } }] });
    }
  });

  it('marks a failed tool\'s result as an error where the protocol can', async () => {
    server.enqueue({ text: 'The file is missing.' });
    const call = { id: 'call_1', name: readFile.name, arguments: { path: 'gone.txt' } };
    await client(provider).generateText({ messages: afterCall(call, 'ENOENT: no such file', true), signal, tools: [readFile] });
    expect(server.requests[0]!.toolResults).toEqual([{ name: readFile.name, content: 'ENOENT: no such file' }]);
    if (provider === 'anthropic') expect(server.requests[0]!.body.messages.at(-1).content[0]).toMatchObject({ tool_use_id: 'call_1', is_error: true });
  });

  it('sends toolChoice none so the model may not call tools', async () => {
    server.enqueue({ text: 'final answer' });
    await client(provider).generateText({ messages: question, signal, tools: [readFile], toolChoice: 'none' });
    const body = server.requests[0]!.body;
    if (provider === 'openai-compatible') expect(body.tool_choice).toBe('none');
    else if (provider === 'anthropic') expect(body.tool_choice).toEqual({ type: 'none' });
    else expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
  });

  it('returns tool calls and no object when the model calls tools instead of answering, then the object', async () => {
    const schema = z.object({ summary: z.string() });
    server.enqueue({ toolCalls: [{ name: readFile.name, arguments: { path: 'notes.txt' } }] }, { json: { summary: 'hello' } });
    const first = await client(provider).generateObject({ messages: question, signal, tools: [readFile], schema, schemaName: 'summary' });
    expect(first.object).toBeUndefined();
    expect(first.toolCalls).toHaveLength(1);
    expect(calls[0]!.reply).toBe('');
    const second = await client(provider).generateObject({ messages: afterCall(first.toolCalls![0]!, 'hello'), signal, tools: [readFile], schema, schemaName: 'summary' });
    expect(second.object).toEqual({ summary: 'hello' });
    expect(second.toolCalls).toBeUndefined();
    expect(server.requests[1]!.tools).toContain(readFile.name);
  });

  it('sends no tools when none are offered', async () => {
    server.enqueue({ text: 'plain' });
    await client(provider).generateText({ messages: question, signal });
    expect(server.requests[0]!.tools).toEqual([]);
    expect(server.requests[0]!.body.tools).toBeUndefined();
  });
});
