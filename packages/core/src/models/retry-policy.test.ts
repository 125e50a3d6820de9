import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-policy.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T02:00:00Z');

  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '2' }, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 03:00:00 GMT' }, now)).toBe(3_600_000);
  });

  it('treats a date in the past as no wait, and ignores what it cannot read', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 01:00:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x' }, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
