import { describe, expect, it } from 'vitest';
import { expectedDurations, remainingPathLengths } from './priorities.js';
import { buildTaskGraph, type TaskGraph } from './task-graph.js';

function graphOf(spec: Record<string, string[]>): TaskGraph {
  const { graph, issues } = buildTaskGraph(Object.entries(spec).map(([id, dependencies]) => ({ id, dependencies })));
  expect(issues).toEqual([]);
  return graph;
}

//   fetch(1) ──> compile(10) ──> test(5) ──> ship(1)
//   lint(3) ─────────────────────────────────^
//   docs(2)
const dag = graphOf({ fetch: [], compile: ['fetch'], test: ['compile'], lint: [], ship: ['test', 'lint'], docs: [] });
const durations: Record<string, number> = { fetch: 1, compile: 10, test: 5, lint: 3, ship: 1, docs: 2 };

describe('remainingPathLengths', () => {
  it('is each task\'s own duration plus the longest path after it', () => {
    const lengths = remainingPathLengths(dag, (id) => durations[id]!);
    expect(Object.fromEntries(lengths)).toEqual({ fetch: 17, compile: 16, test: 6, lint: 4, ship: 1, docs: 2 });
  });

  it('counts tasks left on the path when every task weighs one', () => {
    const lengths = remainingPathLengths(dag, () => 1);
    expect(Object.fromEntries(lengths)).toEqual({ fetch: 4, compile: 3, test: 2, lint: 2, ship: 1, docs: 1 });
  });

  it('takes the longest of several branches', () => {
    const diamond = graphOf({ a: [], short: ['a'], long: ['a'], join: ['short', 'long'] });
    const lengths = remainingPathLengths(diamond, (id) => ({ a: 1, short: 2, long: 7, join: 1 })[id]!);
    expect(lengths.get('a')).toBe(9);
  });

  it('ranks the critical path first among the ready roots', () => {
    const lengths = remainingPathLengths(dag, (id) => durations[id]!);
    const roots = dag.ids.filter((id) => dag.dependencies.get(id)!.length === 0);
    expect(roots.sort((x, y) => lengths.get(y)! - lengths.get(x)!)).toEqual(['fetch', 'lint', 'docs']);
  });
});

describe('expectedDurations', () => {
  it('uses the history, at least 1 ms', () => {
    const expected = expectedDurations(['a', 'b'], new Map([['a', 250], ['b', 0]]));
    expect(expected('a')).toBe(250);
    expect(expected('b')).toBe(1);
  });

  it('gives tasks the history does not know the median of those it does', () => {
    const expected = expectedDurations(['a', 'b', 'c', 'new'], new Map([['a', 10], ['b', 300], ['c', 40], ['gone', 9999]]));
    expect(expected('new')).toBe(40);
  });

  it('weighs every task 1 without history, so priority is the number of tasks left', () => {
    const expected = expectedDurations(['a', 'b'], new Map());
    expect(expected('a')).toBe(1);
    expect(Object.fromEntries(remainingPathLengths(dag, expectedDurations(dag.ids, new Map())))).toEqual(
      Object.fromEntries(remainingPathLengths(dag, () => 1)),
    );
  });
});
