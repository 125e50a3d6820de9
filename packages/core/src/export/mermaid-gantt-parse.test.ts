// @vitest-environment jsdom
// Mermaid sanitises with DOMPurify, which needs a window: jsdom gives it one.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { ganttDiagrams } from './mermaid-gantt.js';
import { timelineOf } from '../../test-support/sample-timeline.js';

describe('ganttDiagrams, read by the real Mermaid parser', () => {
  it('parses as a gantt, with task names that look like keywords, comments or separators', async () => {
    const names = ['build', 'title', 'section-a', 'dateFormat', 'click', '%%comment', 'a:b', 'c#d', 'e;f', 'todayMarker', 'excludes'];
    const diagrams = ganttDiagrams(timelineOf(names.map((name, n) => [name, { agent: n % 2 === 0 ? 'shell' : 'a:gent#;', at: n * 100, status: n % 3 === 0 ? 'error' : 'success' }] as const)));
    expect(diagrams).toHaveLength(1);
    await expect(mermaid.parse(diagrams[0]!)).resolves.toMatchObject({ diagramType: 'gantt' });
  });

  it('parses each part of a run split to fit the size limit', async () => {
    const diagrams = ganttDiagrams(timelineOf(Array.from({ length: 3000 }, (_, n) => [`task-${n}`, { at: n * 10, ms: 5 }] as const)));
    expect(diagrams.length).toBeGreaterThan(1);
    for (const diagram of diagrams) await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'gantt' });
  });

  it('is a parser that refuses what is not a gantt', async () => {
    await expect(mermaid.parse('gantt\n    dateFormat YYYY\n    this is : not, a, bar, at, all\n    section')).rejects.toThrow();
  });
});
