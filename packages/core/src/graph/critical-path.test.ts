import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.js';

//   fetch(1) ──> compile(10) ──> test(5) ──> ship(1)
//   lint(3) ─────────────────────────────────^
//   docs(2)
const tasks = [
  { id: 'fetch', dependencies: [] },
  { id: 'compile', dependencies: ['fetch'] },
  { id: 'test', dependencies: ['compile'] },
  { id: 'lint', dependencies: [] },
  { id: 'ship', dependencies: ['test', 'lint'] },
  { id: 'docs', dependencies: [] },
];
const durations: Record<string, number> = { fetch: 1, compile: 10, test: 5, lint: 3, ship: 1, docs: 2 };

describe('criticalPath', () => {
  it('is the longest weighted chain, first task first', () => {
    expect(criticalPath(tasks, (id) => durations[id]!)).toEqual({ ids: ['fetch', 'compile', 'test', 'ship'], length: 17 });
    expect(criticalPath(tasks, () => 1).length).toBe(4);
  });

  it('is the longest single task when nothing depends on anything, the first one on ties', () => {
    const flat = [{ id: 'a', dependencies: [] }, { id: 'b', dependencies: [] }, { id: 'c', dependencies: [] }];
    expect(criticalPath(flat, (id) => ({ a: 4, b: 9, c: 2 })[id]!)).toEqual({ ids: ['b'], length: 9 });
    expect(criticalPath(flat, () => 5)).toEqual({ ids: ['a'], length: 5 });
  });

  it('is empty for zero durations', () => {
    expect(criticalPath(tasks, () => 0)).toEqual({ ids: [], length: 0 });
  });

  it('reads traces from anywhere: unknown dependencies are ignored, a cycle is left out', () => {
    const odd = [
      { id: 'a', dependencies: ['gone'] },
      { id: 'b', dependencies: ['a'] },
      { id: 'x', dependencies: ['y'] },
      { id: 'y', dependencies: ['x'] },
    ];
    expect(criticalPath(odd, () => 1)).toEqual({ ids: ['a', 'b'], length: 2 });
  });

  it('walks a 50,000-task chain without running out of stack', () => {
    const chain = Array.from({ length: 50_000 }, (_, index) => ({ id: `t${index}`, dependencies: index === 0 ? [] : [`t${index - 1}`] }));
    const path = criticalPath(chain, () => 1);
    expect(path.length).toBe(50_000);
    expect(path.ids[0]).toBe('t0');
  });
});
