import type { ModelMessage } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatModelClient, type ChatSend } from './chat-model-client.js';
import { readJsonReply } from './json-reply.js';

const findings = z.object({ root_cause: z.string(), confidence: z.number().min(0).max(1) });

/** A chat model that answers from a script and remembers what it was sent. */
function scripted(replies: string[]) {
  const seen: (readonly ModelMessage[])[] = [];
  const send: ChatSend = async (messages) => {
    seen.push(messages);
    const text = replies.shift();
    if (text === undefined) throw new Error('no more replies');
    return { text, usage: { input_tokens: 10, output_tokens: 5 } };
  };
  return { client: chatModelClient({ provider: 'vscode-lm', model: 'copilot/gpt-test', send }), seen };
}

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

describe('readJsonReply', () => {
  it('finds the JSON in fenced, bare and chatty replies', () => {
    const any = z.unknown();
    expect(readJsonReply('[1, 2]', any)).toEqual({ ok: true, object: [1, 2] });
    expect(readJsonReply('Here:\n```\n{"a": {"b": [1]}}\n```', any)).toEqual({ ok: true, object: { a: { b: [1] } } });
    expect(readJsonReply('The answer is {"a": 1}.', any)).toEqual({ ok: true, object: { a: 1 } });
    expect(readJsonReply('{"a": ', any)).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
  });
});
