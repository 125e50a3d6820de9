import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks.js';

describe('timeTicks', () => {
  it('marks the axis at a round step with formatDuration labels', () => {
    expect(timeTicks(680)).toEqual([0, 100, 200, 300, 400, 500, 600].map((at) => ({ at, label: `${at} ms` })));
    expect(timeTicks(95_000).map((tick) => tick.label)).toEqual(['0 ms', '20.0 s', '40.0 s', '1 m 00 s', '1 m 20 s']);
  });

  it('gives one mark for a dispatch that took no time', () => {
    expect(timeTicks(1)).toEqual([{ at: 0, label: '0 ms' }, { at: 1, label: '1 ms' }]);
  });
});
