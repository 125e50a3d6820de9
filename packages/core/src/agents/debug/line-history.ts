import path from 'node:path';
import { runProcess } from '../shell/run-process.js';
import type { HistoryEntry, HistoryEvidence } from './evidence.js';

export const HISTORY_RADIUS = 5;
const MAX_LINE_COMMITS = 5;
const MAX_FILE_COMMITS = 3;
const MAX_OUTPUT_BYTES = 64 * 1024;
const MAX_DIFF_CHARS = 1500;
// Record and field separators that commit subjects and names do not hold.
const FORMAT = '--format=%x1e%h%x1f%an%x1f%ad%x1f%s';

export interface HistoryRequest {
  /** Absolute path of a file inside the allowed roots. */
  readonly path: string;
  /** The implicated line; without one, the file's latest commits. */
  readonly line?: number;
  /** Lines in the file, so the range stays inside it. */
  readonly lineCount?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Kills the processes at once, without the SIGTERM grace (a second Ctrl-C). */
  readonly stopNow?: AbortSignal | undefined;
}

/**
 * The last commits that changed the lines around `line` (`git log -L`), with
 * what they changed there, or the last commits of the file. A file outside a
 * repository or never committed has "no history", which is evidence too.
 */
export async function lineHistory(request: HistoryRequest): Promise<HistoryEvidence> {
  const name = path.basename(request.path);
  const lines = request.line === undefined ? undefined : lineRange(request.line, request.lineCount);
  const selection = lines === undefined ? ['-n', String(MAX_FILE_COMMITS), '--', name] : ['-n', String(MAX_LINE_COMMITS), `-L${lines.start},${lines.end}:${name}`];
  const argv: [string, ...string[]] = ['git', '--no-pager', 'log', FORMAT, '--date=short', '--no-ext-diff', '--no-textconv', ...selection];
  const base = { path: request.path, ...(lines === undefined ? {} : { lines }) };
  try {
    const result = await runProcess({
      argv,
      cwd: path.dirname(request.path),
      env: { ...request.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      signal: request.signal,
      stopNow: request.stopNow,
      outputLimitBytes: MAX_OUTPUT_BYTES,
    });
    if (result.exitCode !== 0) return { ...base, entries: [], note: `no history: ${describeGitFailure(result.stderr)}` };
    const entries = parseLog(result.stdout);
    return entries.length > 0 ? { ...base, entries } : { ...base, entries, note: 'no history: no commit touches these lines' };
  } catch (error) {
    if (request.signal.aborted) throw error;
    return { ...base, entries: [], note: `no history: ${(error as Error).message}` };
  }
}

function lineRange(line: number, lineCount: number | undefined): { start: number; end: number } {
  const last = lineCount === undefined || lineCount < 1 ? line + HISTORY_RADIUS : lineCount;
  const start = Math.min(Math.max(1, line - HISTORY_RADIUS), last);
  return { start, end: Math.max(start, Math.min(last, line + HISTORY_RADIUS)) };
}

export function parseLog(stdout: string): HistoryEntry[] {
  return stdout
    .split('\x1e')
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const newline = record.indexOf('\n');
      const header = newline === -1 ? record : record.slice(0, newline);
      const [commit = '', author = '', date = '', subject = ''] = header.split('\x1f');
      return { commit, author, date, subject, diff: hunks(newline === -1 ? '' : record.slice(newline + 1)) };
    });
}

/** Only the hunks: the `diff --git`/`---`/`+++` header repeats the file name. */
function hunks(patch: string): string {
  const start = patch.indexOf('@@');
  if (start === -1) return '';
  const text = patch.slice(start).trimEnd();
  return text.length <= MAX_DIFF_CHARS ? text : `${text.slice(0, MAX_DIFF_CHARS)}\n…[truncated]`;
}

function describeGitFailure(stderr: string): string {
  if (/not a git repository/i.test(stderr)) return 'not in a git repository';
  if (/no path .* in the commit|unknown revision|does not have any commits/i.test(stderr)) return 'the file has not been committed';
  if (/dubious ownership/i.test(stderr)) return 'git refuses the repository (dubious ownership)';
  const line = stderr.trim().split('\n')[0] ?? '';
  return line === '' ? 'git failed' : line.replace(/^fatal:\s*/, '');
}
