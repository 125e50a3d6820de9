import fs from 'node:fs/promises';
import path from 'node:path';
import { Document, isNode, isSeq } from 'yaml';
import { writeFileAtomic } from '../tracing/atomic-write.js';

export type PlanFormat = 'yaml' | 'json';

const YAML_HEADER = [
  ' Planned by Parallel Dispatcher from the request in user_prompt.',
  ' Review it before running it: each description says why its task exists; edit anything.',
].join('\n');

/** First the request, then the tasks a reviewer reads, then the settings; the rest as written. */
const TOP_ORDER = ['$schema', 'user_prompt', 'workspace_path', 'tasks', 'config'];
const TASK_ORDER = ['task_id', 'agent', 'description', 'dependencies', 'depends_on', 'for_each', 'input_data'];

/**
 * A plan as the text of a dispatch file: YAML with a header comment, or JSON.
 * Anything else the planner produced (the last candidate of an invalid plan)
 * is written as it is, so the user can still edit it.
 */
export function serializePlan(plan: unknown, format: PlanFormat): string {
  if (typeof plan === 'string') return plan.endsWith('\n') ? plan : `${plan}\n`;
  const value = ordered(plan);
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  const document = new Document(value);
  document.commentBefore = YAML_HEADER;
  // A blank line between tasks, so each reads as one block.
  const tasks = document.get('tasks');
  if (isSeq(tasks)) for (const task of tasks.items.slice(1)) if (isNode(task)) task.spaceBefore = true;
  return document.toString();
}

/** YAML for `.yaml` and `.yml` (also with `.invalid` after it), JSON for anything else. */
export function planFormatOf(filePath: string): PlanFormat {
  return /\.ya?ml(\.invalid)?$/i.test(filePath) ? 'yaml' : 'json';
}

/**
 * Writes a plan atomically (a reader sees no half-written file), its folder
 * created when missing. When the file is not in the workspace root, the plan
 * gets a `workspace_path` relative to the file's folder, so that running the
 * file later finds the same workspace.
 */
export async function writePlanFile(plan: unknown, filePath: string, workspace: string): Promise<void> {
  const absolute = path.resolve(filePath);
  const folder = path.dirname(absolute);
  const relative = path.relative(folder, path.resolve(workspace)).split(path.sep).join('/');
  const located = isObject(plan) && relative !== '' ? { ...plan, workspace_path: relative } : plan;
  await fs.mkdir(folder, { recursive: true });
  await writeFileAtomic(absolute, serializePlan(located, planFormatOf(absolute)));
}

function ordered(plan: unknown): unknown {
  if (!isObject(plan)) return plan;
  const top = inOrder(plan, TOP_ORDER);
  if (Array.isArray(top.tasks)) top.tasks = top.tasks.map((task: unknown) => (isObject(task) ? inOrder(task, TASK_ORDER) : task));
  return top;
}

function inOrder(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const keys = [...order.filter((key) => key in value), ...Object.keys(value).filter((key) => !order.includes(key))];
  return Object.fromEntries(keys.map((key) => [key, value[key]]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
