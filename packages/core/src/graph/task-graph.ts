import type { ValidationIssue } from '../errors/validation-error.js';
import { closestName } from '../text/closest-name.js';
import { detectCycles } from './detect-cycles.js';

/** The tasks of a dispatch as a graph: who depends on whom, in file order. */
export interface TaskGraph {
  /** Task ids in file order. */
  readonly ids: readonly string[];
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

export interface GraphNodeInput {
  readonly id: string;
  readonly dependencies: readonly string[];
}

/**
 * Builds the graph and reports every structural problem at once: duplicate
 * ids, unknown and self dependencies, and a cycle (named `a -> b -> a`).
 * `pathOf(index)` says where the task sits in the file, for messages.
 */
export function buildTaskGraph(
  nodes: readonly GraphNodeInput[],
  pathOf: (index: number) => string = (index) => `tasks[${index}]`,
): { graph: TaskGraph; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  nodes.forEach((node, index) => {
    const earlier = firstIndex.get(node.id);
    if (earlier === undefined) firstIndex.set(node.id, index);
    else issues.push({ path: `${pathOf(index)}.task_id`, message: `duplicate task id "${node.id}" (first used by ${pathOf(earlier)})` });
  });

  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const id of firstIndex.keys()) dependents.set(id, []);
  let suggestionsLeft = MAX_SUGGESTIONS;
  nodes.forEach((node, index) => {
    if (firstIndex.get(node.id) !== index) return;
    const kept = new Set<string>();
    node.dependencies.forEach((dependency, position) => {
      const where = `${pathOf(index)}.dependencies[${position}]`;
      if (dependency === node.id) issues.push({ path: where, message: `task "${node.id}" depends on itself` });
      else if (!firstIndex.has(dependency)) issues.push({ path: where, message: unknownDependency(dependency, suggestionsLeft-- > 0 ? firstIndex : undefined) });
      else if (!kept.has(dependency)) {
        kept.add(dependency);
        dependents.get(dependency)!.push(node.id);
      }
    });
    dependencies.set(node.id, [...kept]);
  });

  const { hasCycle, cycle } = detectCycles(dependencies);
  if (hasCycle) {
    // Dependencies point backwards; print the cycle in execution order.
    const order = [...cycle].reverse();
    issues.push({ path: `${pathOf(firstIndex.get(order[0]!)!)}.dependencies`, message: `circular dependency: ${order.join(' -> ')}` });
  }
  return { graph: { ids: [...firstIndex.keys()], dependencies, dependents }, issues };
}

/**
 * Unknown dependencies that get a "did you mean": each costs a pass over every
 * id, and past this many the file has a systematic problem that suggestions
 * will not fix (this keeps 50,000 unknown dependencies linear).
 */
const MAX_SUGGESTIONS = 50;

function unknownDependency(dependency: string, known: ReadonlyMap<string, number> | undefined): string {
  const close = known === undefined ? undefined : closestName(dependency, known.keys());
  return `unknown task "${dependency}"${close === undefined ? '' : ` (did you mean "${close}"?)`}`;
}

/** Ids in an order where every task comes after its dependencies (Kahn). Assumes no cycle. */
export function topologicalOrder(graph: TaskGraph): string[] {
  const remaining = new Map(graph.ids.map((id) => [id, graph.dependencies.get(id)!.length]));
  const order = graph.ids.filter((id) => remaining.get(id) === 0);
  for (let index = 0; index < order.length; index++) {
    for (const dependent of graph.dependents.get(order[index]!)!) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) order.push(dependent);
    }
  }
  return order;
}
