import { describe, expect, it } from 'vitest';
import { buildTaskGraph, type GraphNodeInput } from './task-graph.js';
import { taskLevels } from './task-levels.js';

const node = (id: string, ...dependencies: string[]): GraphNodeInput => ({ id, dependencies });
const levelsOf = (nodes: GraphNodeInput[]) => taskLevels(buildTaskGraph(nodes).graph);

describe('taskLevels', () => {
  it('puts each task one level after its deepest dependency, in file order within a level', () => {
    // d waits for b (level 1) and a (level 0): level 2, whatever order the file lists them in.
    expect(levelsOf([node('d', 'b', 'a'), node('b', 'a'), node('c'), node('a')])).toEqual([['c', 'a'], ['b'], ['d']]);
  });

  it('gives independent tasks one level, and no tasks none', () => {
    expect(levelsOf([node('x'), node('y'), node('z')])).toEqual([['x', 'y', 'z']]);
    expect(levelsOf([])).toEqual([]);
  });
});
