import { createTwoFilesPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previousContent } from './reverse-patch.js';

// Core records written files with jsdiff's createTwoFilesPatch; test against the same producer.
const patch = (before: string, after: string) => createTwoFilesPatch('f.ts', 'f.ts', before, after, 'previous', 'written');

describe('previousContent', () => {
  it.each([
    ['a change in the middle', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', 'a\nb\nc\nd\nE\nf\ng\nh\ni\nj\n'],
    ['lines added at the end', 'one\n', 'one\ntwo\nthree\n'],
    ['every line removed', 'one\ntwo\n', ''],
    ['a file that was empty', '', 'new\n'],
    ['a trailing newline added', 'x\ny', 'x\ny\n'],
    ['a trailing newline removed', 'x\ny\n', 'x\ny'],
    ['changes far apart (two hunks)', Array.from({ length: 40 }, (_, n) => `l${n}`).join('\n') + '\n', Array.from({ length: 40 }, (_, n) => (n === 2 || n === 35 ? `L${n}` : `l${n}`)).join('\n') + '\n'],
    ['CRLF lines', 'a\r\nb\r\n', 'a\r\nB\r\n'],
  ])('restores the previous content after %s', (_, before, after) => {
    expect(previousContent(after, patch(before, after))).toBe(before);
  });

  it('gives up when the file changed since the diff was recorded, or the diff was cut', () => {
    const diff = patch('a\nb\nc\n', 'a\nB\nc\n');
    expect(previousContent('a\nsomething else\nc\n', diff)).toBeUndefined();
    expect(previousContent('a\nB\nc\n', `${diff.slice(0, -10)}\n…[diff truncated: 10 more characters]`)).toBeUndefined();
    expect(previousContent('x', '[diff omitted: a side is larger than 4 MiB]')).toBeUndefined();
  });

  it('inverts any jsdiff patch', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 }).chain((lines) => fc.tuple(fc.constant(lines), fc.boolean())).map(([lines, newline]) => lines.join('\n') + (newline && lines.length > 0 ? '\n' : ''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(previousContent(after, patch(before, after))).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
