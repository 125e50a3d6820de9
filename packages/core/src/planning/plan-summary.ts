import type { PreparedDispatch } from '../dispatch/prepared-dispatch.js';
import { taskLevels } from '../graph/task-levels.js';
import { displayPath } from '../paths/display-path.js';

/** What a plan will do, in numbers a host shows before running it. */
export interface PlanSummary {
  readonly tasks: number;
  /** Tasks per agent. */
  readonly agents: Readonly<Record<string, number>>;
  /** Edges of the graph: one per task a task waits for. */
  readonly dependencies: number;
  /** Files the coder tasks write, relative to the workspace (absolute when outside it). */
  readonly files_written: readonly string[];
  /** Task ids by dependency depth; the tasks of one level can run at once. */
  readonly levels: readonly (readonly string[])[];
}

export function planSummary(prepared: PreparedDispatch): PlanSummary {
  const agents: Record<string, number> = {};
  const filesWritten: string[] = [];
  let dependencies = 0;
  for (const task of prepared.tasks.values()) {
    agents[task.spec.agent] = (agents[task.spec.agent] ?? 0) + 1;
    dependencies += task.dependencies.length;
    const output = task.agent.name === 'coder' ? (task.input as { output_path?: unknown }).output_path : undefined;
    if (typeof output === 'string') filesWritten.push(displayPath(prepared.paths.resolve(output), prepared.workspace));
  }
  return { tasks: prepared.tasks.size, agents, dependencies, files_written: filesWritten, levels: taskLevels(prepared.graph) };
}
