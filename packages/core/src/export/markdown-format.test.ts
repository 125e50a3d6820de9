import { describe, expect, it } from 'vitest';
import { code, markdownText, plural } from './markdown-format.js';

describe('report formatting', () => {
  it('counts nouns', () => {
    expect(plural(1, 'task')).toBe('1 task');
    expect(plural(1234, 'task')).toBe('1,234 tasks');
  });

  it('makes task text safe for a table cell: one line, no HTML, no table break, no mention', () => {
    expect(markdownText('expected <div> | got\n`x` *y* @types/node & @octocat', 200)).toBe(
      'expected &lt;div&gt; \\| got \\`x\\` \\*y\\* @\u200Btypes/node &amp; @\u200Boctocat',
    );
    expect(markdownText('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('puts any text in a code span', () => {
    expect(code('lint')).toBe('`lint`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
  });
});
