import type { TimelineInterval } from './timeline.js';

/**
 * Puts intervals on rows so that no two on one row overlap, each on the lowest row free at its
 * start, taking them by start (ties in the given order). Greedy by start uses as few rows as the
 * most intervals that overlap at one moment, so worker lanes never outnumber the workers that ran.
 * Returns each interval's row, in the given order.
 */
export function assignRows(intervals: readonly TimelineInterval[]): number[] {
  const order = intervals.map((_, at) => at).sort((a, b) => intervals[a]!.start - intervals[b]!.start || a - b);
  const rowEnds: number[] = [];
  const rows = new Array<number>(intervals.length);
  for (const at of order) {
    const { start, end } = intervals[at]!;
    let row = rowEnds.findIndex((rowEnd) => rowEnd <= start);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = Math.max(start, end);
    rows[at] = row;
  }
  return rows;
}
