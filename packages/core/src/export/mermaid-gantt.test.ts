import { describe, expect, it } from 'vitest';
import { timelineOf } from '../../test-support/sample-timeline.js';
import { ganttDiagrams, MERMAID_MAX_CHARS } from './mermaid-gantt.js';

describe('ganttDiagrams', () => {
  it('draws one bar per task that ran, grouped by agent, tagged by status, in UTC', () => {
    const [diagram, ...rest] = ganttDiagrams(
      timelineOf([
        ['build', { at: 0, ms: 1500 }],
        ['review', { agent: 'debug', at: 200, ms: 800, status: 'error' }],
        ['deploy', { status: 'skipped' }],
        ['title', { at: 1500, ms: 0, status: 'cancelled' }],
      ]),
    );
    expect(rest).toEqual([]);
    expect(diagram).toBe(
      [
        'gantt',
        '    title Tasks over time, UTC',
        '    dateFormat YYYY-MM-DD HH:mm:ss.SSS',
        '    axisFormat %H:%M:%S',
        '    todayMarker off',
        '    section shell',
        '    build :done, 2026-11-25 10:00:00.000, 2026-11-25 10:00:01.500',
        '    task title :active, 2026-11-25 10:00:01.500, 2026-11-25 10:00:01.501',
        '    section debug',
        '    review :crit, 2026-11-25 10:00:00.200, 2026-11-25 10:00:01.000',
        '',
      ].join('\n'),
    );
  });

  it('is empty when no task ran', () => {
    expect(ganttDiagrams(timelineOf([['a', { status: 'skipped' }]]))).toEqual([]);
  });

  it("splits a big run into diagrams under Mermaid's 50,000-character limit, keeping every bar", () => {
    const diagrams = ganttDiagrams(timelineOf(Array.from({ length: 3000 }, (_, n) => [`task-number-${n}`, { agent: n % 2 === 0 ? 'shell' : 'debug', at: n * 10 }] as const)));
    expect(diagrams.length).toBeGreaterThan(1);
    for (const [n, diagram] of diagrams.entries()) {
      expect(diagram.length).toBeLessThan(MERMAID_MAX_CHARS);
      expect(diagram).toContain(`(part ${n + 1} of ${diagrams.length})`);
    }
    const bars = diagrams.flatMap((diagram) => diagram.split('\n').filter((line) => /^ {4}task-number-\d+ :/.test(line)));
    expect(bars).toHaveLength(3000);
  });

  it('keeps each diagram under a smaller limit too', () => {
    for (const diagram of ganttDiagrams(timelineOf(Array.from({ length: 40 }, (_, n) => [`t${n}`, { at: n }] as const)), 1000)) expect(diagram.length).toBeLessThanOrEqual(1000);
  });
});
