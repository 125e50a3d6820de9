import type { PreparedDispatch } from '../dispatch/prepared-dispatch.js';
import { taskLevels } from '../graph/task-levels.js';
import { oneLine } from '../text/one-line.js';
import { stripControlSequences } from '../text/strip-control-sequences.js';

const DESCRIPTION_WIDTH = 80;
const DEPENDENCIES_WIDTH = 40;

/**
 * A plan as plain text, one line per task, ordered by level (level 1 needs
 * nothing, level 2 needs a task of level 1, …), each with its agent, the
 * tasks it waits for and why it exists; then the shape in one line.
 */
export function formatPlanTable(prepared: PreparedDispatch): string {
  const levels = taskLevels(prepared.graph);
  const rows = levels.flatMap((ids, level) =>
    ids.map((id) => {
      const task = prepared.tasks.get(id)!;
      const waitsFor = task.dependencies.length === 0 ? '-' : oneLine(task.dependencies.join(', '), DEPENDENCIES_WIDTH);
      // Descriptions and custom agents' names are the model's or the file's words: no terminal sequences reach the screen.
      return [String(level + 1), id, oneLine(stripControlSequences(task.spec.agent), DESCRIPTION_WIDTH), waitsFor, oneLine(stripControlSequences(task.spec.description), DESCRIPTION_WIDTH)];
    }),
  );
  const header = ['level', 'task', 'agent', 'depends on', 'what it does'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const tasks = prepared.tasks.size === 1 ? '1 task' : `${prepared.tasks.size} tasks`;
  const widest = Math.max(...levels.map((ids) => ids.length));
  const shape = `${tasks} in ${levels.length === 1 ? '1 level' : `${levels.length} levels`}; up to ${Math.min(widest, prepared.config.max_workers)} at once (max_workers ${prepared.config.max_workers})`;
  return [line(header), ...rows.map(line), '', shape].join('\n');
}
