import { formatDuration } from '../text/format-duration.js';

/** A mark on the timeline's axis: milliseconds from its origin and the label drawn there. */
export interface TimeTick {
  readonly at: number;
  readonly label: string;
}

/** About `count` evenly spaced marks from 0 to `totalMs`, at a step of 1, 2 or 5 times a power of ten. */
export function timeTicks(totalMs: number, count = 8): TimeTick[] {
  const rough = Math.max(1, totalMs / count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: TimeTick[] = [];
  for (let at = 0; at <= totalMs; at += step) ticks.push({ at, label: formatDuration(at) });
  return ticks;
}
