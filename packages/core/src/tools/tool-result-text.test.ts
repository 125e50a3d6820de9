import { describe, expect, it } from 'vitest';
import { MAX_RESULT_CHARS, toolResultText } from './tool-result-text.js';

describe('toolResultText', () => {
  it('joins text parts and names the others briefly', () => {
    const text = toolResultText(
      [
        { type: 'text', text: 'first' },
        { type: 'image', mimeType: 'image/png', data: 'A'.repeat(4096) },
        { type: 'resource', resource: { uri: 'file:///notes.txt', text: 'the notes' } },
        { type: 'resource_link', uri: 'file:///big.bin', name: 'big' },
      ],
      undefined,
    );
    expect(text).toBe('first\n[image: image/png, 3 KiB — not shown]\n[resource file:///notes.txt]\nthe notes\n[resource link: file:///big.bin]');
  });

  it('shows structured content when there is no other, and cuts what is too long', () => {
    expect(toolResultText([], { count: 3 })).toBe('{"count":3}');
    const cut = toolResultText([{ type: 'text', text: 'x'.repeat(MAX_RESULT_CHARS + 10) }], undefined);
    expect(cut).toMatch(/…\[truncated: 10 more characters\]$/);
  });
});
