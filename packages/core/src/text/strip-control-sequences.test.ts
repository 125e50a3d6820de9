import { describe, expect, it } from 'vitest';
import { stripControlSequences } from './strip-control-sequences.js';

describe('stripControlSequences', () => {
  it('keeps plain text, unicode, newlines and tabs', () => {
    expect(stripControlSequences('ok ✓ — naïve\n\tnext line')).toBe('ok ✓ — naïve\n\tnext line');
  });

  it('removes colours and cursor movement (CSI, 7-bit and 8-bit)', () => {
    expect(stripControlSequences('\x1b[31mred\x1b[0m \x1b[1;32;48;5;200mbold\x1b[m')).toBe('red bold');
    expect(stripControlSequences('a\x1b[2J\x1b[H\x1b[3Ab\x1b[?25l')).toBe('ab');
    expect(stripControlSequences('\x9b31mred')).toBe('red');
  });

  it('removes hyperlinks and window titles but keeps the link text (OSC, with BEL or ST)', () => {
    expect(stripControlSequences('see \x1b]8;;https://evil.example\x1b\\the docs\x1b]8;;\x1b\\ now')).toBe('see the docs now');
    expect(stripControlSequences('\x1b]0;pwned title\x07after')).toBe('after');
    expect(stripControlSequences('\x9d8;;https://x\x9clink')).toBe('link');
  });

  it('removes an unterminated string sequence up to the end of the text', () => {
    expect(stripControlSequences('before\x1b]8;;https://never-closed')).toBe('before');
    expect(stripControlSequences('x\x1bPq#0;2;0;0;0')).toBe('x');
  });

  it('removes other escapes and every other control character', () => {
    expect(stripControlSequences('\x1bc\x1b(Bplain\x1b7\x1b8')).toBe('plain');
    expect(stripControlSequences('over\rwrite\bbell\x07nul\x00del\x7fc1\x85end\x1b')).toBe('overwritebellnuldelc1end');
  });
});
