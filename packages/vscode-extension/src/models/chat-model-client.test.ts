import type { ModelMessage, ToolCallRequest, ToolDefinition } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatModelClient, type ChatSend } from './chat-model-client.js';
import { readJsonReply } from './json-reply.js';

const findings = z.object({ root_cause: z.string(), confidence: z.number().min(0).max(1) });

/** A chat model that answers from a script (text, or tool calls) and remembers what it was sent and offered. */
function scripted(replies: (string | readonly ToolCallRequest[])[]) {
  const seen: (readonly ModelMessage[])[] = [];
  const offered: (readonly string[] | undefined)[] = [];
  const send: ChatSend = async (messages, options) => {
    seen.push(messages);
    offered.push(options.tools?.map((tool) => tool.name));
    const reply = replies.shift();
    if (reply === undefined) throw new Error('no more replies');
    const usage = { input_tokens: 10, output_tokens: 5 };
    return typeof reply === 'string' ? { text: reply, usage } : { text: '', usage, toolCalls: reply };
  };
  return { client: chatModelClient({ provider: 'vscode-lm', model: 'copilot/gpt-test', send }), seen, offered };
}

const readFile: ToolDefinition = { name: 'files__read_text_file', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };
const call: ToolCallRequest = { id: 'call-1', name: 'files__read_text_file', arguments: { path: 'a.txt' } };

const request = (signal = new AbortController().signal) => ({ messages: [{ role: 'user' as const, content: 'why?' }], schema: findings, schemaName: 'findings', signal });

describe('chatModelClient', () => {
  it('asks for JSON matching the schema and returns the validated object', async () => {
    const { client, seen } = scripted(['```json\n{"root_cause": "off by one", "confidence": 0.8}\n```']);
    const result = await client.generateObject(request());
    expect(result).toMatchObject({ object: { root_cause: 'off by one', confidence: 0.8 }, usage: { input_tokens: 10, output_tokens: 5 }, attempts: 1 });
    const instruction = seen[0]!.at(-1)!.content;
    expect(instruction).toMatch(/single JSON value \(findings\)/);
    expect(instruction).toContain('"root_cause"');
  });

  it('shows the request\'s own JSON Schema when it gives one, and leaves the checking to its schema', async () => {
    const { client, seen } = scripted(['{"tasks": "anything"}']);
    const jsonSchema = { type: 'object', properties: { tasks: { type: 'array' } } };
    const result = await client.generateObject({ ...request(), schema: z.unknown(), schemaName: 'dispatch_file', jsonSchema });
    expect(result.object).toEqual({ tasks: 'anything' });
    expect(seen[0]!.at(-1)!.content).toContain(JSON.stringify(jsonSchema, null, 1));
  });

  it('repairs once, telling the model what was wrong, and adds up the usage', async () => {
    const { client, seen } = scripted(['{"root_cause": "x", "confidence": 7}', 'Sure! {"root_cause": "x", "confidence": 0.7} Hope that helps.']);
    const result = await client.generateObject(request());
    expect(result).toMatchObject({ object: { confidence: 0.7 }, attempts: 2, usage: { input_tokens: 20, output_tokens: 10 } });
    expect(seen[1]!.at(-2)).toEqual({ role: 'assistant', content: '{"root_cause": "x", "confidence": 7}' });
    expect(seen[1]!.at(-1)!.content).toMatch(/confidence: Too big/i);
  });

  it('fails with the reason when the repair does not help either', async () => {
    const { client } = scripted(['no idea', 'still no idea']);
    await expect(client.generateObject(request())).rejects.toThrow(/after a repair attempt: the reply holds no JSON value/);
  });

  it('passes text requests through and honours cancellation', async () => {
    const { client } = scripted(['plain answer']);
    await expect(client.generateText({ messages: [{ role: 'user', content: 'hi' }], signal: new AbortController().signal })).resolves.toMatchObject({ text: 'plain answer' });
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(client.generateText({ messages: [], signal: controller.signal })).rejects.toThrow('stopped');
  });
});

describe('chatModelClient with tools', () => {
  it('offers the request\'s tools and returns the calls the model asked for', async () => {
    const { client, offered } = scripted([[call]]);
    const result = await client.generateText({ messages: [{ role: 'user', content: 'read a.txt' }], tools: [readFile], signal: new AbortController().signal });
    expect(offered).toEqual([['files__read_text_file']]);
    expect(result).toMatchObject({ finishReason: 'tool-calls', toolCalls: [call] });
  });

  it('offers no tools when toolChoice is none (the budget is spent) or there are none', async () => {
    const { client, offered } = scripted(['done', 'also done']);
    const signal = new AbortController().signal;
    await expect(client.generateText({ messages: [{ role: 'user', content: 'go' }], tools: [readFile], toolChoice: 'none', signal })).resolves.toMatchObject({ text: 'done', finishReason: 'stop' });
    expect((await client.generateText({ messages: [{ role: 'user', content: 'go' }], tools: [], signal })).toolCalls).toBeUndefined();
    expect(offered).toEqual([undefined, undefined]);
  });

  it('hands tool calls back instead of an object, then reads the object once the results are in', async () => {
    const { client, seen, offered } = scripted([[call], '{"root_cause": "a.txt is empty", "confidence": 0.9}']);
    const first = await client.generateObject({ ...request(), tools: [readFile] });
    expect(first).toMatchObject({ finishReason: 'tool-calls', toolCalls: [call] });
    expect(first.object).toBeUndefined();
    const messages: ModelMessage[] = [
      ...request().messages,
      { role: 'assistant', content: '', toolCalls: [call] },
      { role: 'tool', toolCallId: 'call-1', toolName: call.name, content: '', isError: false },
    ];
    const second = await client.generateObject({ ...request(), messages, tools: [readFile] });
    expect(second).toMatchObject({ object: { root_cause: 'a.txt is empty' }, finishReason: 'stop' });
    expect(seen[1]!.slice(1, 3)).toEqual(messages.slice(1));
    expect(offered).toEqual([['files__read_text_file'], ['files__read_text_file']]);
  });

  it('asks for the repair without tools', async () => {
    const { client, offered } = scripted(['not json', '{"root_cause": "x", "confidence": 0.5}']);
    await expect(client.generateObject({ ...request(), tools: [readFile] })).resolves.toMatchObject({ attempts: 2 });
    expect(offered).toEqual([['files__read_text_file'], undefined]);
  });
});

describe('readJsonReply', () => {
  it('finds the JSON in fenced, bare and chatty replies', () => {
    const any = z.unknown();
    expect(readJsonReply('[1, 2]', any)).toEqual({ ok: true, object: [1, 2] });
    expect(readJsonReply('Here:\n```\n{"a": {"b": [1]}}\n```', any)).toEqual({ ok: true, object: { a: { b: [1] } } });
    expect(readJsonReply('The answer is {"a": 1}.', any)).toEqual({ ok: true, object: { a: 1 } });
    expect(readJsonReply('{"a": ', any)).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
  });
});
