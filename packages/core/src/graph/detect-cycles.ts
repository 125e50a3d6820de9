export interface CycleResult {
  readonly hasCycle: boolean;
  /** The ids around one cycle, first id repeated at the end: `['a', 'b', 'a']`. */
  readonly cycle: readonly string[];
}

/**
 * Finds one cycle in a graph given as id -> dependency ids, iteratively so
 * that ten-thousand-task chains do not overflow the stack.
 */
export function detectCycles(dependencies: ReadonlyMap<string, readonly string[]>): CycleResult {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of dependencies.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const cursors: number[] = [0];
    state.set(start, 'visiting');
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const next = (dependencies.get(node) ?? [])[cursors[cursors.length - 1]!];
      if (next === undefined) {
        state.set(node, 'done');
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1]!++;
      if (!dependencies.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'visiting') return { hasCycle: true, cycle: [...path.slice(path.indexOf(next)), next] };
      if (seen === undefined) {
        state.set(next, 'visiting');
        path.push(next);
        cursors.push(0);
      }
    }
  }
  return { hasCycle: false, cycle: [] };
}
