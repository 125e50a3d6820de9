import { pathInsideRoot } from '../../paths/path-inside-root.js';
import type { PathPolicy } from '../../paths/path-policy.js';
import type { TaskRecorder } from '../../tracing/task-recorder.js';
import type { DebugInput } from './debug-input.js';
import type { AffectedFileEvidence, Evidence, FrameEvidence, HistoryEvidence, SymbolSearchEvidence } from './evidence.js';
import { locateFrames } from './frame-sources.js';
import { isLibraryPath } from './library-paths.js';
import { HISTORY_RADIUS, lineHistory } from './line-history.js';
import { parseStackFrames } from './parse-stack-frames.js';
import { readAffectedFiles } from './read-affected-files.js';
import { searchSymbols } from './search-symbols.js';
import { SourceFiles } from './source-files.js';
import { traceSymbols } from './trace-symbols.js';
import { listWorkspaceFiles, type WorkspaceListing } from './workspace-files.js';

export const MAX_HISTORY_LOCATIONS = 6;

export interface GatherRequest {
  readonly input: DebugInput;
  readonly workspace: string;
  readonly paths: PathPolicy;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Kills the processes at once, without the SIGTERM grace (a second Ctrl-C). */
  readonly stopNow?: AbortSignal | undefined;
  readonly recorder: TaskRecorder;
}

/**
 * Everything the model will be shown, gathered without it: the affected
 * files, the traces' frames with the source around them, at standard and deep
 * the workspace's lines naming the traces' symbols, and at deep the git
 * history of the implicated lines. Reads nothing outside the allowed roots.
 */
export async function gatherEvidence(request: GatherRequest): Promise<Evidence> {
  const { input, workspace, paths, signal, recorder } = request;
  const sources = new SourceFiles(paths, recorder);
  let listing: Promise<WorkspaceListing> | undefined;
  const listed = () => (listing ??= listWorkspaceFiles(workspace, signal));
  signal.throwIfAborted();

  if (input.affected_files.length > 0) recorder.progress(`reading ${plural(input.affected_files.length, 'affected file')}`);
  const files = await readAffectedFiles(input.affected_files, sources);
  signal.throwIfAborted();

  const parsed = input.error_traces.flatMap((trace) => parseStackFrames(trace, input.affected_files));
  if (input.error_traces.length > 0) recorder.progress(`found ${plural(parsed.length, 'file:line frame')} in ${plural(input.error_traces.length, 'error trace')}`);
  const located = await locateFrames(parsed, { workspace, paths, sources, listing: listed });
  signal.throwIfAborted();

  let search: SymbolSearchEvidence | undefined;
  if (input.analysis_depth !== 'quick') {
    const symbols = traceSymbols(input.error_traces, parsed, input.problem_description);
    if (symbols.length === 0) {
      recorder.progress('no symbols named in the traces to search the workspace for');
      search = { symbols, matches: [], filesScanned: 0 };
    } else {
      recorder.progress(`searching the workspace for ${symbols.join(', ')}`);
      const ordered = searchOrder(workspace, (await listed()).files, [...files.map((file) => file.path), ...located.frames.map((frame) => frame.path)]);
      search = await searchSymbols({ workspace, files: ordered, symbols, signal });
      recorder.progress(`found ${plural(search.matches.length, 'match', 'matches')} in ${plural(search.filesScanned, 'file')} searched`);
    }
  }

  let history: HistoryEvidence[] | undefined;
  if (input.analysis_depth === 'deep') {
    const targets = await historyTargets(files, located.frames, sources);
    recorder.progress(targets.length === 0 ? 'no file to read the git history of' : `reading the git history of ${plural(targets.length, 'location')}`);
    history = [];
    for (const target of targets) history.push(await lineHistory({ ...target, env: request.env, signal, stopNow: request.stopNow }));
  }

  return {
    depth: input.analysis_depth,
    files,
    frames: located.frames,
    framesOmitted: located.omitted,
    ...(search === undefined ? {} : { search }),
    ...(history === undefined ? {} : { history }),
    filesRead: sources.readCount,
  };
}

/** The affected files and the frames' files first, so their matches are found whatever the limits. */
function searchOrder(workspace: string, listed: readonly string[], first: readonly (string | undefined)[]): string[] {
  const preferred = new Set<string>();
  for (const file of first) {
    if (file === undefined) continue;
    const inside = pathInsideRoot(file, workspace);
    if (inside !== undefined && inside !== '') preferred.add(inside);
  }
  return [...preferred, ...listed.filter((file) => !preferred.has(file))];
}

interface HistoryTarget {
  readonly path: string;
  readonly line?: number;
  readonly lineCount?: number;
}

/** Frames' lines (those in affected files first), then the affected files no frame points into. */
async function historyTargets(files: readonly AffectedFileEvidence[], frames: readonly FrameEvidence[], sources: SourceFiles): Promise<HistoryTarget[]> {
  const affected = new Set(files.filter((file) => file.status === 'read').map((file) => file.path));
  const withSource = frames.filter((frame) => frame.path !== undefined && frame.window !== undefined && !isLibraryPath(frame.path));
  const ordered = [...withSource.filter((frame) => affected.has(frame.path)), ...withSource.filter((frame) => !affected.has(frame.path))];
  const targets: HistoryTarget[] = [];
  for (const frame of ordered) {
    const file = frame.path!;
    // Ranges of the same file this close overlap: one history covers both.
    if (targets.some((target) => target.path === file && Math.abs((target.line ?? 0) - frame.frame.line) <= HISTORY_RADIUS)) continue;
    const read = await sources.read(file);
    const lineCount = read.ok ? countLines(read.source.text) : undefined;
    targets.push({ path: file, line: frame.frame.line, ...(lineCount === undefined ? {} : { lineCount }) });
  }
  for (const file of affected) if (file !== undefined && !targets.some((target) => target.path === file)) targets.push({ path: file });
  return targets.slice(0, MAX_HISTORY_LOCATIONS);
}

function countLines(text: string): number {
  const lines = text.split(/\r?\n/);
  return lines.at(-1) === '' ? lines.length - 1 : lines.length;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
