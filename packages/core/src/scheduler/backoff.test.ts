import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base: 1 s, 2 s, 4 s … with half of each delay random', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, DEFAULT_BACKOFF, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, DEFAULT_BACKOFF, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.5)).toBe(1500);
  });

  it('is capped at maxMs', () => {
    expect(backoffDelay(6, DEFAULT_BACKOFF, () => 1)).toBe(30_000);
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0)).toBe(15_000);
    expect(backoffDelay(5000, DEFAULT_BACKOFF, () => 1)).toBe(30_000);
  });

  it('spreads retries out: jitter gives different delays', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, DEFAULT_BACKOFF)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('stays between half the ceiling and the ceiling, which never shrinks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseMs, extra, random) => {
          const options = { baseMs, maxMs: baseMs + extra };
          const ceiling = Math.min(options.maxMs, baseMs * 2 ** (retry - 1));
          const delay = backoffDelay(retry, options, () => random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
          expect(backoffDelay(retry + 1, options, () => 1)).toBeGreaterThanOrEqual(backoffDelay(retry, options, () => 1));
        },
      ),
    );
  });
});
