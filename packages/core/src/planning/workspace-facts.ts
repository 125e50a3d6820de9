import { listWorkspaceFiles } from '../agents/debug/workspace-files.js';
import { runProcess } from '../agents/shell/run-process.js';

/** Files the planner is shown: enough to place new files and name existing ones, not the whole tree. */
export const MAX_LISTED_FILES = 300;
/** A `git ls-files` slower than this (a huge repository, a hung file system) gives way to the walk. */
const GIT_TIMEOUT_MS = 10_000;
const MAX_GIT_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Folders never worth listing, wherever git's ignore rules do not already leave them out. */
const NEVER_LISTED = /(^|\/)(node_modules|\.git|traces)\//;

/** What the planner is told of the workspace's files. */
export interface WorkspaceFacts {
  /** `git` when the workspace is (inside) a git repository, else `walk`. */
  readonly source: 'git' | 'walk';
  /** Relative to the workspace, with `/`, shallow ones first; at most `MAX_LISTED_FILES`. */
  readonly files: readonly string[];
  /** Files there are in all, when known; undefined when even the listing was cut. */
  readonly total: number | undefined;
  readonly truncated: boolean;
}

/**
 * The workspace's files from `git ls-files` (tracked and untracked, not
 * ignored) when it is a repository, else from a bounded walk that leaves out
 * dependencies, version control, traces and dot-folders.
 */
export async function workspaceFacts(workspace: string, context: { env: Readonly<Record<string, string | undefined>>; signal: AbortSignal }): Promise<WorkspaceFacts> {
  const fromGit = await gitFiles(workspace, context);
  // No files from git: the workspace is an ignored or empty part of a repository; the walk shows what is there.
  if (fromGit !== undefined && fromGit.files.length > 0) {
    const files = [...new Set(fromGit.files)].filter((file) => !NEVER_LISTED.test(file)).sort(shallowFirst);
    return {
      source: 'git',
      files: files.slice(0, MAX_LISTED_FILES),
      total: fromGit.complete ? files.length : undefined,
      truncated: !fromGit.complete || files.length > MAX_LISTED_FILES,
    };
  }
  const walked = await listWorkspaceFiles(workspace, context.signal, MAX_LISTED_FILES, true);
  return { source: 'walk', files: walked.files, total: walked.truncated ? undefined : walked.files.length, truncated: walked.truncated };
}

/** Undefined when git is missing, fails (not a repository) or takes too long. */
async function gitFiles(workspace: string, context: { env: Readonly<Record<string, string | undefined>>; signal: AbortSignal }): Promise<{ files: string[]; complete: boolean } | undefined> {
  try {
    const result = await runProcess({
      argv: ['git', '--no-pager', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      cwd: workspace,
      env: { ...context.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      signal: AbortSignal.any([context.signal, AbortSignal.timeout(GIT_TIMEOUT_MS)]),
      outputLimitBytes: MAX_GIT_OUTPUT_BYTES,
      killGraceMs: 500,
    });
    if (result.exitCode !== 0) return undefined;
    // Names end in NUL: the last piece is empty, or a name cut by the output limit (with its note).
    const pieces = result.stdout.split('\0');
    const last = pieces.pop();
    return { files: pieces, complete: last === '' };
  } catch (error) {
    if (context.signal.aborted) throw error;
    return undefined;
  }
}

function shallowFirst(a: string, b: string): number {
  const depth = (file: string) => file.split('/').length;
  return depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0);
}
