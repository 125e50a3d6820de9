import { topologicalOrder, type TaskGraph } from './task-graph.js';

/**
 * Task ids by dependency depth: level 0 needs nothing, level n needs a task of
 * level n-1. Tasks of one level can all run at once. Assumes no cycle.
 */
export function taskLevels(graph: TaskGraph): string[][] {
  const depth = new Map<string, number>();
  const levels: string[][] = [];
  for (const id of topologicalOrder(graph)) {
    const level = Math.max(-1, ...graph.dependencies.get(id)!.map((dependency) => depth.get(dependency)!)) + 1;
    depth.set(id, level);
    (levels[level] ??= []).push(id);
  }
  // Within a level, the file's order, whatever order the sort found them in.
  const position = new Map(graph.ids.map((id, index) => [id, index]));
  return levels.map((ids) => ids.sort((a, b) => position.get(a)! - position.get(b)!));
}
