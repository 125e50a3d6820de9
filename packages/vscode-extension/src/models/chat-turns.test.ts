import { describe, expect, it } from 'vitest';
import { chatTurns } from './chat-turns.js';

describe('chatTurns', () => {
  it('sends system instructions as a user turn and keeps plain turns as they are', () => {
    expect(chatTurns([{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }])).toEqual([
      { role: 'user', parts: [{ kind: 'text', text: 'Instructions:\nBe brief' }] },
      { role: 'user', parts: [{ kind: 'text', text: 'hi' }] },
      { role: 'assistant', parts: [{ kind: 'text', text: 'hello' }] },
    ]);
  });

  it('turns a step\'s tool calls into an assistant turn and all their results into the one user turn after it', () => {
    const turns = chatTurns([
      { role: 'user', content: 'read both' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'c1', name: 'files__read_text_file', arguments: { path: 'a.txt' } },
          { id: 'c2', name: 'files__read_text_file', arguments: 'not json' },
        ],
      },
      { role: 'tool', toolCallId: 'c1', toolName: 'files__read_text_file', content: 'alpha', isError: false },
      { role: 'tool', toolCallId: 'c2', toolName: 'files__read_text_file', content: 'no such file', isError: true },
      { role: 'user', content: 'Reply with JSON' },
    ]);
    expect(turns).toEqual([
      { role: 'user', parts: [{ kind: 'text', text: 'read both' }] },
      {
        role: 'assistant',
        parts: [
          { kind: 'tool-call', callId: 'c1', name: 'files__read_text_file', input: { path: 'a.txt' } },
          { kind: 'tool-call', callId: 'c2', name: 'files__read_text_file', input: { input: 'not json' } },
        ],
      },
      {
        role: 'user',
        parts: [
          { kind: 'tool-result', callId: 'c1', text: 'alpha' },
          { kind: 'tool-result', callId: 'c2', text: 'The tool failed: no such file' },
        ],
      },
      { role: 'user', parts: [{ kind: 'text', text: 'Reply with JSON' }] },
    ]);
  });

  it('keeps the text a model wrote beside its tool calls', () => {
    const [turn] = chatTurns([{ role: 'assistant', content: 'Looking it up', toolCalls: [{ id: 'c1', name: 'docs__search', arguments: {} }] }]);
    expect(turn!.parts.map((part) => part.kind)).toEqual(['text', 'tool-call']);
  });
});
