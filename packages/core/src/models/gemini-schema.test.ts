import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../test-support/loopback-model-server.js';
import { modelFindingsSchema, modelHypothesesSchema } from '../agents/debug/debug-findings.js';
import { dispatchJsonSchema } from '../schema/dispatch-json-schema.js';
import { createModelClient } from './ai-sdk-model-client.js';
import type { ModelClient } from './model-client.js';

// What Gemini's Schema object takes (the Generative Language API reference), and the two rules it enforces that bite most.
const GEMINI_FIELDS = new Set(['type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum']);

/** Where Gemini would refuse a schema it was sent, as its 400 messages put it. */
function geminiRefusals(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, any>;
  const problems = Object.keys(node).filter((key) => !GEMINI_FIELDS.has(key)).map((key) => `${path}.${key}: unknown field`);
  if (node.type === 'object' && path !== '$' && Object.keys(node.properties ?? {}).length === 0) problems.push(`${path}.properties: should be non-empty for OBJECT type`);
  if (node.type !== 'object' && (node.properties !== undefined || node.required !== undefined)) problems.push(`${path}: properties only allowed for OBJECT type`);
  for (const [name, sub] of Object.entries(node.properties ?? {})) problems.push(...geminiRefusals(sub, `${path}.properties.${name}`));
  if (node.items !== undefined) problems.push(...geminiRefusals(node.items, `${path}.items`));
  for (const [index, sub] of (node.anyOf ?? []).entries()) problems.push(...geminiRefusals(sub, `${path}.anyOf[${index}]`));
  return problems;
}

let server: LoopbackModelServer;
beforeEach(async () => {
  server = await startLoopbackModelServer();
});
afterEach(() => server.close());

const signal = new AbortController().signal;
const messages = [
  { role: 'system' as const, content: 'You plan.' },
  { role: 'user' as const, content: 'Go.' },
];
function gemini(): ModelClient {
  return createModelClient({ provider: 'google', model: 'gemini-2.5-flash', baseUrl: server.googleBaseUrl, apiKey: 'k', maxConcurrency: undefined }, { retry: { maxAttempts: 1 } });
}

describe('schemas sent to Gemini', () => {
  it.each([
    ['debug findings', modelFindingsSchema],
    ['debug hypotheses', modelHypothesesSchema],
    ['a prompt agent\'s output_schema', z.fromJSONSchema({ type: 'object', properties: { title: { type: 'string' }, labels: { type: 'array', items: { type: 'string', enum: ['bug', 'docs'] } }, score: { type: ['number', 'null'] } }, required: ['title'], additionalProperties: false } as never)],
  ] as const)('sends %s as a response schema Gemini accepts', async (_, schema) => {
    server.enqueue({ json: {} });
    await gemini().generateObject({ messages, signal, schema: schema as z.ZodType, schemaName: 'answer' }).catch(() => undefined);
    const config = server.requests[0]!.body.generationConfig;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.responseSchema.type).toBe('object');
    expect(geminiRefusals(config.responseSchema)).toEqual([]);
  });

  it('asks for a dispatch file in JSON mode with the whole schema in the prompt, since Gemini cannot describe its open maps', async () => {
    const dispatch = { version: 1, tasks: [{ id: 'a', agent: 'shell', input_data: { command: 'echo hi' } }] };
    server.enqueue({ json: dispatch });
    const reply = await gemini().generateObject({ messages, signal, schema: z.unknown(), schemaName: 'dispatch_file', jsonSchema: dispatchJsonSchema() });
    expect(reply.object).toEqual(dispatch);
    const body = server.requests[0]!.body;
    expect(body.generationConfig.responseMimeType).toBe('application/json');
    expect(body.generationConfig.responseSchema).toBeUndefined();
    const system = body.systemInstruction.parts.map((part: { text: string }) => part.text).join('\n');
    expect(system).toContain('You plan.');
    expect(system).toContain(JSON.stringify(dispatchJsonSchema()).slice(0, 200));
  });

  it('cleans tool schemas of what Gemini refuses, keeping the rest', async () => {
    server.enqueue({ text: 'ok' });
    const inputSchema = {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'The file', properties: {}, required: [] },
        env: { type: 'object', additionalProperties: { type: 'string' } },
        options: { type: 'object', properties: { depth: { type: 'integer', minimum: 0 } }, additionalProperties: false },
      },
      required: ['path', 'env'],
      $schema: 'http://json-schema.org/draft-07/schema#',
    };
    await gemini().generateText({ messages, signal, tools: [{ name: 'fs__read', description: 'Reads', inputSchema }] });
    const [declaration] = server.requests[0]!.body.tools[0].functionDeclarations;
    expect(declaration.name).toBe('fs__read');
    expect(geminiRefusals(declaration.parameters)).toEqual([]);
    expect(declaration.parameters).toEqual({
      type: 'object',
      properties: { path: { type: 'string', description: 'The file' }, options: { type: 'object', properties: { depth: { type: 'integer' } } } },
      required: ['path'],
    });
  });
});
