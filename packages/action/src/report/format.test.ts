import { describe, expect, it } from 'vitest';
import { code, formatCount, formatDuration, markdownText } from './format.js';

describe('report formatting', () => {
  it('formats durations and counts the same on every machine', () => {
    expect(formatDuration(812)).toBe('812 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 m 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 m');
    expect(formatDuration(null)).toBe('–');
    expect(formatCount(1_234_567)).toBe('1,234,567');
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
