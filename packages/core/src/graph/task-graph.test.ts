import { describe, expect, it } from 'vitest';
import { formatIssue } from '../errors/validation-error.js';
import { detectCycles } from './detect-cycles.js';
import { buildTaskGraph, topologicalOrder, type GraphNodeInput } from './task-graph.js';

const node = (id: string, ...dependencies: string[]): GraphNodeInput => ({ id, dependencies });
const problems = (nodes: GraphNodeInput[]) => buildTaskGraph(nodes).issues.map(formatIssue);

describe('buildTaskGraph', () => {
  it('keeps file order and links dependencies both ways', () => {
    const { graph, issues } = buildTaskGraph([node('a'), node('b', 'a'), node('c', 'a', 'b'), node('d')]);
    expect(issues).toEqual([]);
    expect(graph.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(graph.dependencies.get('c')).toEqual(['a', 'b']);
    expect(graph.dependents.get('a')).toEqual(['b', 'c']);
    expect(graph.dependents.get('d')).toEqual([]);
  });

  it('counts a dependency listed twice once', () => {
    const { graph, issues } = buildTaskGraph([node('a'), node('b', 'a', 'a')]);
    expect(issues).toEqual([]);
    expect(graph.dependencies.get('b')).toEqual(['a']);
    expect(graph.dependents.get('a')).toEqual(['b']);
  });

  it('reports a duplicate id where it repeats, naming the first use, and keeps the first', () => {
    const { graph, issues } = buildTaskGraph([node('a'), node('b'), node('a', 'b')]);
    expect(issues.map(formatIssue)).toEqual(['tasks[2].task_id: duplicate task id "a" (first used by tasks[0])']);
    expect(graph.ids).toEqual(['a', 'b']);
    expect(graph.dependencies.get('a')).toEqual([]);
  });

  it('names places with the given pathOf', () => {
    const { issues } = buildTaskGraph([node('a'), node('a')], (index) => `tasks[${index}](copy)`);
    expect(issues.map(formatIssue)).toEqual(['tasks[1](copy).task_id: duplicate task id "a" (first used by tasks[0](copy))']);
  });

  it('reports unknown dependencies, suggesting a close id', () => {
    expect(problems([node('build'), node('test', 'Build'), node('lint', 'buidl'), node('ship', 'ghost'), node('deploy', 'shp')])).toEqual([
      'tasks[1].dependencies[0]: unknown task "Build" (did you mean "build"?)',
      'tasks[2].dependencies[0]: unknown task "buidl" (did you mean "build"?)',
      'tasks[3].dependencies[0]: unknown task "ghost"',
      'tasks[4].dependencies[0]: unknown task "shp" (did you mean "ship"?)',
    ]);
  });

  it('does not suggest unrelated short ids', () => {
    expect(problems([node('a'), node('b', 'zz'), node('c', 'd')])).toEqual([
      'tasks[1].dependencies[0]: unknown task "zz"',
      'tasks[2].dependencies[0]: unknown task "d"',
    ]);
  });

  it('reports a task depending on itself, and leaves the self edge out of the graph', () => {
    const { graph, issues } = buildTaskGraph([node('a'), node('b', 'a', 'b')]);
    expect(issues.map(formatIssue)).toEqual(['tasks[1].dependencies[1]: task "b" depends on itself']);
    expect(graph.dependencies.get('b')).toEqual(['a']);
  });

  // a depends on c, c on b, b on a. The message lists the cycle in the order
  // the tasks would have to run — each task is needed by the next one — so
  // "a -> b" reads "a must run before b", like the arrows of a pipeline.
  it('prints a cycle in running order, each task needed by the next', () => {
    const { issues } = buildTaskGraph([node('a', 'c'), node('b', 'a'), node('c', 'b')]);
    expect(issues.map(formatIssue)).toEqual(['tasks[0].dependencies: circular dependency: a -> b -> c -> a']);
  });

  it('prints only the cycle, not the tasks leading into it', () => {
    const { issues } = buildTaskGraph([node('start'), node('x', 'start', 'y'), node('y', 'z'), node('z', 'x'), node('after', 'x')]);
    expect(issues.map(formatIssue)).toEqual(['tasks[1].dependencies: circular dependency: x -> z -> y -> x']);
  });

  it('reports every kind of problem at once', () => {
    expect(problems([node('a', 'b'), node('b', 'a'), node('a'), node('c', 'c', 'nope')])).toEqual([
      'tasks[2].task_id: duplicate task id "a" (first used by tasks[0])',
      'tasks[3].dependencies[0]: task "c" depends on itself',
      'tasks[3].dependencies[1]: unknown task "nope"',
      'tasks[0].dependencies: circular dependency: a -> b -> a',
    ]);
  });
});

describe('detectCycles', () => {
  it('finds no cycle in a DAG and ignores unknown ids', () => {
    const dependencies = new Map([
      ['a', []],
      ['b', ['a', 'ghost']],
      ['c', ['a', 'b']],
    ]);
    expect(detectCycles(dependencies)).toEqual({ hasCycle: false, cycle: [] });
  });

  it('returns the cycle along dependencies, first id repeated', () => {
    const dependencies = new Map([
      ['a', ['c']],
      ['b', ['a']],
      ['c', ['b']],
    ]);
    expect(detectCycles(dependencies)).toEqual({ hasCycle: true, cycle: ['a', 'c', 'b', 'a'] });
  });

  it('finds a self loop', () => {
    expect(detectCycles(new Map([['a', ['a']]]))).toEqual({ hasCycle: true, cycle: ['a', 'a'] });
  });

  it('handles a 20,000-task chain without overflowing the stack', () => {
    const size = 20_000;
    const chain = new Map(Array.from({ length: size }, (_, index) => [`t${index}`, index === 0 ? [] : [`t${index - 1}`]]));
    expect(detectCycles(chain).hasCycle).toBe(false);
    chain.set('t0', [`t${size - 1}`]);
    const result = detectCycles(chain);
    expect(result.hasCycle).toBe(true);
    expect(result.cycle).toHaveLength(size + 1);
  });
});

describe('topologicalOrder', () => {
  it('puts every task after its dependencies, file order among equals', () => {
    const { graph } = buildTaskGraph([node('d', 'c'), node('c', 'a', 'b'), node('a'), node('b')]);
    expect(topologicalOrder(graph)).toEqual(['a', 'b', 'c', 'd']);
  });
});
