import { topologicalOrder, type TaskGraph } from './task-graph.js';

/**
 * Each task's priority: the longest path from it to the end of the graph,
 * counting its own expected duration. Tasks on the critical path come first.
 */
export function remainingPathLengths(graph: TaskGraph, expectedDuration: (id: string) => number): Map<string, number> {
  const lengths = new Map<string, number>();
  const order = topologicalOrder(graph);
  for (let index = order.length - 1; index >= 0; index--) {
    const id = order[index]!;
    let longestAfter = 0;
    for (const dependent of graph.dependents.get(id)!) longestAfter = Math.max(longestAfter, lengths.get(dependent)!);
    lengths.set(id, expectedDuration(id) + longestAfter);
  }
  return lengths;
}

/**
 * Expected durations from an earlier run of the same task ids. Tasks the
 * history does not know get the median of those it does (or 1 when none),
 * so with no history the priority is the number of tasks left on the path.
 */
export function expectedDurations(ids: readonly string[], history: ReadonlyMap<string, number>): (id: string) => number {
  const known = ids.map((id) => history.get(id)).filter((value): value is number => value !== undefined && value >= 0);
  known.sort((a, b) => a - b);
  const fallback = known.length === 0 ? 1 : Math.max(known[Math.floor(known.length / 2)]!, 1);
  return (id) => {
    const value = history.get(id);
    return value === undefined ? fallback : Math.max(value, 1);
  };
}
