import type { GraphNodeInput } from './task-graph.js';

export interface CriticalPath {
  /** The tasks on the longest chain of dependencies, first task first; empty when every duration is 0. */
  readonly ids: readonly string[];
  /** The chain's summed duration. */
  readonly length: number;
}

/**
 * The longest chain of dependent tasks by the given durations: what bounded the dispatch's
 * duration (the index's `critical_path_ms`, the editor's timeline). Ties go to the task first in
 * order. Dependencies on tasks not in the list are ignored and tasks in a cycle are left out, so
 * traces read back from anywhere give an answer; iterative, so a 50,000-task chain is fine.
 */
export function criticalPath(tasks: readonly GraphNodeInput[], duration: (id: string) => number): CriticalPath {
  const known = new Set(tasks.map((task) => task.id));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    const dependencies = new Set(task.dependencies.filter((id) => known.has(id) && id !== task.id));
    waiting.set(task.id, dependencies.size);
    for (const dependency of dependencies) {
      const list = dependents.get(dependency);
      if (list === undefined) dependents.set(dependency, [task.id]);
      else list.push(task.id);
    }
  }
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const best = new Map<string, { length: number; previous: string | undefined }>();
  const ready = tasks.filter((task) => waiting.get(task.id) === 0).map((task) => task.id);
  for (let next = 0; next < ready.length; next++) {
    const id = ready[next]!;
    let longest: { length: number; previous: string | undefined } = { length: 0, previous: undefined };
    for (const dependency of byId.get(id)!.dependencies) {
      const before = best.get(dependency);
      if (before !== undefined && before.length > longest.length) longest = { length: before.length, previous: dependency };
    }
    best.set(id, { length: longest.length + duration(id), previous: longest.previous });
    for (const dependent of dependents.get(id) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  let end: string | undefined;
  let length = 0;
  for (const task of tasks) {
    const candidate = best.get(task.id)?.length ?? 0;
    if (candidate > length) {
      length = candidate;
      end = task.id;
    }
  }
  const ids: string[] = [];
  for (let id = end; id !== undefined; id = best.get(id)?.previous) ids.push(id);
  return { ids: ids.reverse(), length };
}
