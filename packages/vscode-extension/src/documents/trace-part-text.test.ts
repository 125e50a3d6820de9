import type { TaskTrace } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { tracePartText } from './trace-part-text.js';

const trace = {
  task_id: 'fix',
  input: { output_path: 'a.ts' },
  output: { summary: 'wrote a.ts' },
  error: null,
  attempts: [],
  model_calls: [
    {
      provider: 'anthropic',
      model: 'claude',
      started_at: '2025-01-01T00:00:00.000Z',
      duration_ms: 900,
      input_tokens: 10,
      output_tokens: 5,
      finish_reason: 'stop',
      attempts: 2,
      messages: [{ role: 'system', content: 'Be careful' }, { role: 'user', content: 'Write ```ts code```' }],
      reply: '````\nnested fence\n````',
    },
  ],
  files: [{ path: '/w/a.ts', action: 'written', sha256: 'abc' }],
  tool_calls: [
    { server: 'files', tool: 'read_text_file', started_at: '2025-01-01T00:00:01.000Z', duration_ms: 42, arguments: { path: 'src/a.ts' }, result: 'export const a = ```1```;', error: null },
    { server: 'files', tool: 'read_text_file', started_at: '2025-01-01T00:00:02.000Z', duration_ms: 1500, arguments: { path: '/etc/passwd' }, result: null, error: 'Access denied - path outside allowed directories' },
  ],
} as unknown as TaskTrace;

describe('tracePartText', () => {
  it('renders input and output as JSON', () => {
    expect(tracePartText(trace, { kind: 'input' })).toBe('{\n  "output_path": "a.ts"\n}\n');
    expect(JSON.parse(tracePartText(trace, { kind: 'error' }))).toEqual({ error: null, attempts: [] });
  });

  it('renders a model call as Markdown whose fences survive backticks in the messages', () => {
    const text = tracePartText(trace, { kind: 'model-call', index: 0 });
    expect(text).toContain('- **Model:** anthropic:claude');
    expect(text).toContain('took 900 ms over 2 attempts');
    expect(text).toContain('## system\n\n```text\nBe careful\n```');
    expect(text).toContain('## user\n\n````text\nWrite ```ts code```\n````');
    expect(text).toContain('## reply\n\n`````text\n````\nnested fence\n````\n`````');
  });

  it('renders a tool call with its server, tool, timing, arguments and result', () => {
    const text = tracePartText(trace, { kind: 'tool-call', index: 0 });
    expect(text).toContain('# Tool call 1 of task `fix`');
    expect(text).toContain('- **Tool:** `read_text_file` of MCP server `files`');
    expect(text).toContain('- **Started:** 2025-01-01T00:00:01.000Z, took 42 ms');
    expect(text).toContain('## arguments\n\n```json\n{\n  "path": "src/a.ts"\n}\n```');
    expect(text).toContain('## result\n\n````text\nexport const a = ```1```;\n````');
    expect(text).not.toContain('**Error:**');
  });

  it('renders a failed tool call with its error and no result', () => {
    const text = tracePartText(trace, { kind: 'tool-call', index: 1 });
    expect(text).toContain('- **Error:** Access denied - path outside allowed directories');
    expect(text).toContain('took 1.5 s');
    expect(text).toContain('## result\n\n(none: the call failed before a result)');
    expect(tracePartText(trace, { kind: 'tool-call', index: 2 })).toMatch(/No tool call #3 in fix's trace/);
  });

  it('says when a written file has no recorded diff, or a part does not exist', () => {
    expect(tracePartText(trace, { kind: 'file-diff', index: 0 })).toMatch(/was created; the trace keeps no diff \(sha256 abc\)/);
    expect(tracePartText(trace, { kind: 'model-call', index: 3 })).toMatch(/No model call #4/);
  });
});

describe('a model call that used tools', () => {
  it('shows the calls each turn asked for and the results sent back', () => {
    const call = {
      provider: 'anthropic',
      model: 'claude',
      started_at: '2025-01-01T00:00:00.000Z',
      duration_ms: 300,
      input_tokens: 10,
      output_tokens: 5,
      finish_reason: 'tool-calls',
      attempts: 1,
      messages: [
        { role: 'user', content: 'Compare the files' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call-1', name: 'files__read_text_file', arguments: { path: 'a.ts' } }] },
        { role: 'tool', content: 'no such file', tool_call_id: 'call-1', tool_name: 'files__read_text_file', is_error: true },
      ],
      reply: '',
      reply_tool_calls: [{ id: 'call-2', name: 'files__list_directory', arguments: { path: '.' } }],
    };
    const text = tracePartText({ ...trace, model_calls: [call] } as unknown as TaskTrace, { kind: 'model-call', index: 0 });
    expect(text).toContain('## assistant\n\nCalls `files__read_text_file` (call-1):\n\n```json\n{\n  "path": "a.ts"\n}\n```');
    expect(text).toContain('## tool result for files__read_text_file (call-1): failed\n\n```text\nno such file\n```');
    expect(text).toContain('## reply\n\nCalls `files__list_directory` (call-2):');
    expect(text).not.toMatch(/## reply\n\n```text\n\n```/);
  });
});
