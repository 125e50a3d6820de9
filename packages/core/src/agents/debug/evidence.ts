import type { AnalysisDepth } from './debug-input.js';
import type { StackFrame } from './parse-stack-frames.js';

/** One of the input's `affected_files`, as far as it could be read. */
export interface AffectedFileEvidence {
  /** As given in `affected_files`. */
  readonly given: string;
  /** Absolute path; undefined when it is outside the allowed roots. */
  readonly path: string | undefined;
  readonly status: 'read' | 'not_found' | 'unreadable' | 'outside_roots';
  readonly bytes?: number;
  /** The content shown to the model: capped, '' for binary files and files past the budget. */
  readonly text: string;
  /** Why the content is missing or partial. */
  readonly note?: string;
}

/** Lines around a frame's line, numbered, the frame's own line marked with `>`. */
export interface SourceWindow {
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

export interface FrameEvidence {
  readonly frame: StackFrame;
  /** The workspace file the frame was found in (absolute), when it was. */
  readonly path?: string;
  readonly window?: SourceWindow;
  /** Why there is no source, or how the file was found (`Y.java` by its package, a path from another machine). */
  readonly note?: string;
}

/** A line of the workspace naming a symbol from the traces. */
export interface SymbolMatch {
  readonly symbol: string;
  /** Relative to the workspace, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface SymbolSearchEvidence {
  readonly symbols: readonly string[];
  readonly matches: readonly SymbolMatch[];
  readonly filesScanned: number;
  /** Set when a limit (files scanned, matches kept) cut the search short. */
  readonly limitNote?: string;
}

export interface HistoryEntry {
  readonly commit: string;
  readonly author: string;
  readonly date: string;
  readonly subject: string;
  /** What the commit changed in the lines (capped); '' for whole-file history. */
  readonly diff: string;
}

/** The git history of some lines of a file (or of the whole file when no line is implicated). */
export interface HistoryEvidence {
  /** Absolute path. */
  readonly path: string;
  readonly lines?: { readonly start: number; readonly end: number };
  readonly entries: readonly HistoryEntry[];
  /** "no history: …" when git could not give one. */
  readonly note?: string;
}

/** Everything gathered before the model is asked. `search` and `history` are absent at the depths that skip them. */
export interface Evidence {
  readonly depth: AnalysisDepth;
  readonly files: readonly AffectedFileEvidence[];
  readonly frames: readonly FrameEvidence[];
  /** Frames parsed but left out to keep the prompt bounded. */
  readonly framesOmitted: number;
  readonly search?: SymbolSearchEvidence;
  readonly history?: readonly HistoryEvidence[];
  /** Distinct files whose content was read. */
  readonly filesRead: number;
}
