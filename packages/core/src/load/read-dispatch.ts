import { createHash } from 'node:crypto';
import path from 'node:path';
import { DispatchValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { directoryProblem } from '../paths/path-problem.js';
import { decodeDispatchBytes } from './decode-dispatch-bytes.js';
import { checkStructure } from './check-structure.js';
import { parseDispatchText } from './parse-dispatch-text.js';

/** How a dispatch reaches core: its file's bytes, text, or a value a host already has (the editor's). */
export interface DispatchInput {
  readonly bytes?: Uint8Array | undefined;
  readonly text?: string | undefined;
  readonly value?: unknown;
}

export interface ReadDispatchOptions extends DispatchInput {
  /** The file the dispatch came from; undefined for stdin and for dispatches a host made. */
  readonly sourcePath?: string | undefined;
  /** The host's current directory: where `sourcePath` and `workspace` resolve. */
  readonly cwd: string;
  /** The host's workspace (`--workspace`), over the file's `workspace_path`. */
  readonly workspace?: string | undefined;
  /** How the host names its workspace setting in messages (`--workspace`). */
  readonly workspaceName?: string | undefined;
}

/** A dispatch read and parsed, with what a host must know before preparing it. */
export interface DispatchDocument {
  readonly value: unknown;
  /** Absolute; null when the dispatch came from no file. */
  readonly sourcePath: string | null;
  readonly sourceSha256: string;
  /** Absolute and existing: the host's workspace, else the file's `workspace_path`, else the file's directory (the current one for stdin). */
  readonly workspace: string;
  /** Whether a task has `for_each: { files: changed }`, so the host should list changed files (git, a pull request). */
  readonly needsChangedFiles: boolean;
}

/**
 * Reads a dispatch up to what the host needs before preparing it: syntax,
 * structure and the workspace. Throws a `DispatchValidationError`; the
 * schema and everything after are `prepareDispatch`'s.
 */
export function readDispatch(options: ReadDispatchOptions): DispatchDocument {
  const source = options.sourcePath === undefined ? 'stdin' : options.sourcePath;
  const fail = (issue: ValidationIssue): never => {
    throw new DispatchValidationError([issue], source);
  };
  let value: unknown;
  let hash: string;
  if (options.value !== undefined) {
    const [problem] = checkStructure(options.value);
    if (problem !== undefined) fail(problem);
    value = options.value;
    hash = createHash('sha256').update(JSON.stringify(value)).digest('hex');
  } else {
    let text = options.text;
    if (options.bytes !== undefined) {
      const decoded = decodeDispatchBytes(options.bytes);
      if ('message' in decoded) return fail({ path: '', message: decoded.message });
      text = decoded.text;
    }
    const parsed = parseDispatchText(text ?? '', options.sourcePath);
    if ('issue' in parsed) return fail(parsed.issue);
    value = parsed.value;
    hash = createHash('sha256').update(options.bytes ?? text ?? '').digest('hex');
  }

  const sourcePath = options.sourcePath === undefined ? null : path.resolve(options.cwd, options.sourcePath);
  const fileWorkspace = fieldOf(value, 'workspace_path');
  let workspace: string;
  let where: string;
  if (options.workspace !== undefined) {
    workspace = path.resolve(options.cwd, options.workspace);
    where = options.workspaceName ?? 'the workspace';
  } else {
    workspace = path.resolve(sourcePath === null ? options.cwd : path.dirname(sourcePath), typeof fileWorkspace === 'string' ? fileWorkspace : '.');
    where = 'workspace_path';
  }
  const problem = directoryProblem(workspace);
  if (problem !== undefined) fail({ path: where, message: `the workspace ${JSON.stringify(workspace.length > 200 ? `${workspace.slice(0, 200)}…` : workspace)} ${problem}` });

  return { value, sourcePath, sourceSha256: hash, workspace, needsChangedFiles: needsChangedFiles(value) };
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function needsChangedFiles(value: unknown): boolean {
  const tasks = fieldOf(value, 'tasks');
  return Array.isArray(tasks) && tasks.some((task) => fieldOf(fieldOf(task, 'for_each'), 'files') === 'changed');
}
