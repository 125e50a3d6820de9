import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { ValidationIssue } from '../errors/validation-error.js';
import { pathInsideRoot } from '../paths/path-inside-root.js';
import { dependenciesOf, type TaskSpec } from '../schema/dispatch-schema.js';
import { substituteShellWord } from '../text/shell-quote.js';

/** A task as it will run: its spec after `for_each` expansion, and where it came from in the file. */
export interface LocatedTask {
  readonly spec: TaskSpec;
  /** Index of the task (or its template) in the file's `tasks`. */
  readonly index: number;
  /** Set for tasks made from a `for_each` template: the file this copy works on. */
  readonly file?: string;
}

export interface ExpansionContext {
  readonly workspace: string;
  /** Files for `files: "changed"`, absolute or relative to the workspace (those outside it are left out); undefined when the host cannot tell. */
  readonly changedFiles: readonly string[] | undefined;
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];

/**
 * Turns every task with `for_each` into one task per file: id
 * `<task_id>.<file slug>`, `{{file}}` replaced in its description and input.
 * Dependencies on a template fan in to all its copies, except that a copy
 * depending on another template depends on that template's copy for the same
 * file when there is one. A template matching no file disappears, and so do
 * dependencies on it.
 */
export function expandForEach(tasks: readonly LocatedTask[], context: ExpansionContext): { tasks: LocatedTask[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const copies = new Map<string, { id: string; file: string }[]>();
  const expanded: LocatedTask[] = [];
  for (const task of tasks) {
    const forEach = task.spec.for_each;
    if (forEach === undefined) {
      expanded.push(task);
      continue;
    }
    const files = filesFor(forEach.files, task.index, context, issues);
    const ids = fileTaskIds(task.spec.task_id, files);
    copies.set(task.spec.task_id, files.map((file, n) => ({ id: ids[n]!, file })));
    files.forEach((file, n) => {
      const { for_each: _, ...template } = task.spec;
      const inputData = substituteInput(template.input_data, file, `tasks[${task.index}].input_data`, issues);
      expanded.push({
        spec: { ...template, task_id: ids[n]!, description: substitute(template.description, file), input_data: inputData },
        index: task.index,
        file,
      });
    });
  }
  if (copies.size === 0) return { tasks: expanded, issues };
  return { tasks: expanded.map((task) => rewriteDependencies(task, copies)), issues };
}

function filesFor(files: 'changed' | string[], index: number, context: ExpansionContext, issues: ValidationIssue[]): string[] {
  const where = `tasks[${index}].for_each.files`;
  if (files === 'changed') {
    if (context.changedFiles === undefined) {
      issues.push({ path: where, message: '"changed" needs the list of changed files: run on a pull request or push (action), or pass --changed-since REF (CLI)' });
      return [];
    }
    const relative = context.changedFiles
      .map((file) => pathInsideRoot(path.resolve(context.workspace, file), context.workspace))
      .filter((file): file is string => file !== undefined && file !== '');
    return [...new Set(relative)].sort();
  }
  const outside = files.filter((pattern) => path.isAbsolute(pattern) || pattern.split('/').includes('..'));
  if (outside.length > 0) {
    issues.push({ path: where, message: `patterns must stay inside the workspace (relative, without ".."): ${outside.join(', ')}` });
    return [];
  }
  return globSync(files, { cwd: context.workspace, onlyFiles: true, ignore: IGNORED, expandDirectories: false }).sort();
}

/** `review` + `src/auth/login.ts` → `review.src-auth-login.ts`; repeated slugs get `-2`, `-3`. */
export function fileTaskIds(taskId: string, files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return files.map((file) => {
    const slug = file.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').slice(-120) || 'file';
    const base = `${taskId}.${slug}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

/** Fields of `input_data` that /bin/sh runs: there the path goes in quoted, so a file name cannot add commands. */
const SHELL_LINES = ['command', 'check_command'];

function substituteInput<T>(input: T, file: string, where: string, issues: ValidationIssue[]): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return substitute(input, file);
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => {
      if (!SHELL_LINES.includes(key) || typeof value !== 'string') return [key, substitute(value, file)];
      const line = substituteShellWord(value, '{{file}}', file);
      if (line === undefined && !issues.some((issue) => issue.path === `${where}.${key}`)) {
        issues.push({ path: `${where}.${key}`, message: '{{file}} cannot be quoted safely inside a here-document, ${…}, $\'…\' or backquotes: use it outside them, e.g. in $(…) or as a plain argument' });
      }
      return [key, line ?? value];
    }),
  ) as T;
}

function substitute<T>(value: T, file: string): T {
  if (typeof value === 'string') return value.replaceAll('{{file}}', file) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => substitute(item, file)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, file)])) as T;
  }
  return value;
}

function rewriteDependencies(task: LocatedTask, copies: ReadonlyMap<string, readonly { id: string; file: string }[]>): LocatedTask {
  const dependencies = dependenciesOf(task.spec).flatMap((dependency) => {
    const ofTemplate = copies.get(dependency);
    if (ofTemplate === undefined) return [dependency];
    const sameFile = ofTemplate.find((copy) => task.file !== undefined && copy.file === task.file);
    return sameFile === undefined ? ofTemplate.map((copy) => copy.id) : [sameFile.id];
  });
  const { depends_on: _, ...spec } = task.spec;
  return { ...task, spec: { ...spec, dependencies } };
}
