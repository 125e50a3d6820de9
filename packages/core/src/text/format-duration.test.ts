import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.js';
import { formatDuration } from './format-duration.js';
import { formatTokens } from './format-tokens.js';

describe('formatDuration', () => {
  it('writes one value one way, with a space before the unit', () => {
    expect(formatDuration(812)).toBe('812 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(59_999)).toBe('60.0 s');
    expect(formatDuration(125_000)).toBe('2 m 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 m');
  });

  it('says when it does not know, in the way the host asks', () => {
    for (const unknown of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1]) expect(formatDuration(unknown)).toBe('–');
    expect(formatDuration(null, '')).toBe('');
    expect(formatDuration(0, '')).toBe('0 ms');
  });
});

describe('formatTokens', () => {
  it('counts in and out the same on every machine, whatever its locale', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatTokens(1500, 320)).toBe('1,500 in / 320 out');
    expect(formatTokens(0, 0)).toBe('0 in / 0 out');
  });
});
