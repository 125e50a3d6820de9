import fs from 'node:fs/promises';
import path from 'node:path';
import type { PathPolicy } from '../../paths/path-policy.js';
import type { FrameEvidence, SourceWindow } from './evidence.js';
import { isLibraryPath } from './library-paths.js';
import type { StackFrame } from './parse-stack-frames.js';
import type { SourceFiles } from './source-files.js';
import type { WorkspaceListing } from './workspace-files.js';

export const WINDOW_LINES = 8;
export const MAX_FRAMES = 40;
export const MAX_WINDOWS = 24;
const MAX_LINE_CHARS = 240;

export interface FrameLocator {
  readonly workspace: string;
  readonly paths: PathPolicy;
  readonly sources: SourceFiles;
  /** The workspace's files, listed once when first needed. */
  readonly listing: () => Promise<WorkspaceListing>;
}

interface Located {
  readonly path?: string;
  readonly note?: string;
}

/**
 * Finds each frame's file in the workspace and the lines around its line.
 * Only files inside the allowed roots are read: a frame pointing elsewhere
 * keeps its place in the evidence, with a note instead of source.
 */
export async function locateFrames(frames: readonly StackFrame[], locator: FrameLocator): Promise<{ frames: FrameEvidence[]; omitted: number }> {
  const distinct = distinctBy(frames, (frame) => `${frame.file}:${frame.line}`);
  const located: FrameEvidence[] = [];
  const seen = new Set<string>();
  let windows = 0;
  for (const frame of distinct.slice(0, MAX_FRAMES)) {
    const where = await locate(frame, locator);
    if (where.path !== undefined) {
      const key = `${where.path}:${frame.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (where.path === undefined) {
      located.push({ frame, ...(where.note === undefined ? {} : { note: where.note }) });
      continue;
    }
    if (windows === MAX_WINDOWS) {
      located.push({ frame, path: where.path, note: joinNotes(where.note, `source not shown: at most ${MAX_WINDOWS} frames are shown with source`) });
      continue;
    }
    const read = await locator.sources.read(where.path);
    const shown = !read.ok ? read.message : read.source.binary ? 'binary file' : sourceWindow(read.source.text, frame.line);
    if (typeof shown === 'string') {
      located.push({ frame, path: where.path, note: joinNotes(where.note, shown) });
      continue;
    }
    windows++;
    located.push({ frame, path: where.path, window: shown, ...(where.note === undefined ? {} : { note: where.note }) });
  }
  return { frames: located, omitted: Math.max(0, distinct.length - MAX_FRAMES) };
}

async function locate(frame: StackFrame, locator: FrameLocator): Promise<Located> {
  if (frame.className !== undefined) return locateJavaFile(frame.file, frame.className, locator);
  const allowed = locator.paths.check(frame.file);
  if (allowed !== undefined && (await isFile(allowed))) return { path: allowed };
  // A trace from a container or a CI machine names the same file under another root.
  if (!isLibraryPath(frame.file)) {
    const mapped = bySuffix(frame.file, (await locator.listing()).files);
    if (mapped !== undefined) return { path: path.join(locator.workspace, mapped), note: `found in the workspace as ${mapped}` };
  }
  return { note: allowed === undefined ? 'outside the allowed roots: not read' : 'not found in the workspace' };
}

/** `com.x.Y$Inner` in `Y.java`: the workspace's `Y.java` under `com/x/`, or the only one there is. */
async function locateJavaFile(file: string, className: string, locator: FrameLocator): Promise<Located> {
  const candidates = (await locator.listing()).files.filter((candidate) => path.posix.basename(candidate) === file);
  if (candidates.length === 0) return { note: `no ${file} in the workspace` };
  const packageDirectory = className.split('$')[0]!.split('.').slice(0, -1).join('/');
  const packagePath = packageDirectory === '' ? file : `${packageDirectory}/${file}`;
  const preferred = candidates.find((candidate) => candidate === packagePath || candidate.endsWith(`/${packagePath}`));
  if (preferred !== undefined) return { path: path.join(locator.workspace, preferred) };
  const chosen = candidates[0]!;
  const others = candidates.length === 1 ? '' : ` (one of ${candidates.length} files named ${file})`;
  return { path: path.join(locator.workspace, chosen), note: `found as ${chosen}${others}, not under ${packageDirectory || 'the default package'}` };
}

/**
 * The workspace file sharing the longest tail of path components with
 * `file`: at least its directory and name, or only its name when no other
 * file has that name.
 */
function bySuffix(file: string, files: readonly string[]): string | undefined {
  const wanted = file.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');
  const name = wanted.at(-1);
  if (name === undefined) return undefined;
  const candidates = files.filter((candidate) => path.posix.basename(candidate) === name);
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const candidate of candidates) {
    const score = commonTail(wanted, candidate.split('/'));
    if (score > bestScore) [best, bestScore, tie] = [candidate, score, false];
    else if (score === bestScore) tie = true;
  }
  if (best === undefined || tie) return undefined;
  return bestScore >= 2 || candidates.length === 1 ? best : undefined;
}

function commonTail(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[a.length - 1 - count] === b[b.length - 1 - count]) count++;
  return count;
}

/** The lines around `line`, numbered, or why there are none. */
export function sourceWindow(text: string, line: number, radius = WINDOW_LINES): SourceWindow | string {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (line > lines.length) return `line ${line} is past the end of the file (${lines.length} lines)`;
  const startLine = Math.max(1, line - radius);
  const endLine = Math.min(lines.length, line + radius);
  const width = String(endLine).length;
  const rows: string[] = [];
  for (let number = startLine; number <= endLine; number++) {
    const content = lines[number - 1]!;
    const shown = content.length <= MAX_LINE_CHARS ? content : `${content.slice(0, MAX_LINE_CHARS)}…`;
    rows.push(`${number === line ? '>' : ' '} ${String(number).padStart(width)} | ${shown}`);
  }
  return { startLine, endLine, text: rows.join('\n') };
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isFile() === true;
}

function distinctBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const value = key(item);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

function joinNotes(first: string | undefined, second: string): string {
  return first === undefined ? second : `${first}; ${second}`;
}
