import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type FrameFormat = 'python' | 'node' | 'java' | 'go' | 'text';

/** A file:line place named by an error trace. */
export interface StackFrame {
  readonly format: FrameFormat;
  /**
   * The file as the trace names it: a path (`file://` URLs already turned into
   * paths), a bare file name for Java (`Y.java`), or the affected file a
   * free-text "at line 42" was attached to, as given in the input.
   */
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly function?: string;
  /** Java: the fully qualified class (`com.x.Y`), whose package says where `Y.java` lives. */
  readonly className?: string;
  /** The trace line it was read from, trimmed. */
  readonly text: string;
}

const PYTHON = /^\s*File "([^"]+)", line (\d+)(?:, in (.+?))?\s*$/;
// `at fn (/x.js:1:2)`, `at async fn (file:///x.mjs:1:2)`, `at /x.js:1:2`
const NODE = /^\s*at (?:(.+?) \((.+)\)|(\S.*?))\s*$/;
const NODE_LOCATION = /^(.+?):(\d+):(\d+)$/;
// `at com.x.Y.method(Y.java:42)`, with an optional module or class loader prefix (`java.base/`, `app//`).
const JAVA = /^\s*at\s+(?:[^\s(]*\/)?([\w$.]+)\.([\w$<>-]+)\(([^():\s]+\.\w+):(\d+)\)/;
// A goroutine dump's location line: `\t/path/x.go:42 +0x1d` (the runtime's assembly too: `asm_amd64.s:1700`).
const GO_PANIC = /^\s*((?:[A-Za-z]:)?[^\s:]*\.(?:go|s)):(\d+)(?:\s+\+0x[0-9a-fA-F]+)?\s*$/;
// The line before it names the function: `main.(*Server).handle(0xc000010000, {0x1, 0x2})`.
const GO_FUNCTION = /^\s*(\S+)\(.*\)\s*$/;
// Compiler, vet, `go test` and pytest style: `x.go:42:`, `./pkg/x.go:42:7: undefined: y`, `tests/test_x.py:12: in test_y`.
const COMPILER = /(?:^|[\s(])((?:[A-Za-z]:)?[\w./\\-]*\.(go|py|js|mjs|cjs|jsx|ts|mts|cts|tsx|java|kt|rb|rs|c|cc|cpp|h|hpp|cs|php|swift)):(\d+)(?::(\d+))?:/g;
const FREE_TEXT_LINE = /\bline[\s:#]+(\d+)\b/gi;

const EXTENSION_FORMATS: Readonly<Record<string, FrameFormat>> = {
  go: 'go',
  py: 'python',
  js: 'node',
  mjs: 'node',
  cjs: 'node',
  jsx: 'node',
  ts: 'node',
  mts: 'node',
  cts: 'node',
  tsx: 'node',
  java: 'java',
  kt: 'java',
};

/**
 * The file:line frames of one error trace, in the order they appear.
 * Knows Python tracebacks, Node.js stacks, Java stack traces, Go panics and
 * compiler-style `file:line:` messages; a free-text "at line 42" is attached
 * to an affected file when exactly one is given or when the line names it.
 */
export function parseStackFrames(trace: string, affectedFiles: readonly string[] = []): StackFrame[] {
  const frames: StackFrame[] = [];
  let previous = '';
  for (const rawLine of trace.split(/\r?\n/)) {
    const text = rawLine.trim();
    if (text === '') continue;
    frames.push(...lineFrames(rawLine, text, previous, affectedFiles).filter((frame) => frame.line >= 1));
    previous = rawLine;
  }
  return frames;
}

function lineFrames(line: string, text: string, previous: string, affectedFiles: readonly string[]): StackFrame[] {
  const single = pythonFrame(line, text) ?? javaFrame(line, text) ?? nodeFrame(line, text) ?? goPanicFrame(line, text, previous);
  if (single !== undefined) return single === 'skip' ? [] : [single];
  const compiler = compilerFrames(line, text);
  if (compiler.length > 0) return compiler;
  return freeTextFrames(text, affectedFiles);
}

type Parsed = StackFrame | 'skip' | undefined;

function pythonFrame(line: string, text: string): Parsed {
  const match = PYTHON.exec(line);
  if (match === null) return undefined;
  const [, file = '', lineNumber = '', fn] = match;
  // `<string>`, `<stdin>`, `<frozen importlib._bootstrap>` name no file.
  if (file.startsWith('<')) return 'skip';
  return { format: 'python', file, line: Number(lineNumber), ...(fn === undefined ? {} : { function: fn }), text };
}

function javaFrame(line: string, text: string): Parsed {
  const match = JAVA.exec(line);
  if (match === null) return undefined;
  const [, className = '', method = '', file = '', lineNumber = ''] = match;
  return { format: 'java', file, line: Number(lineNumber), function: method, className, text };
}

function nodeFrame(line: string, text: string): Parsed {
  const match = NODE.exec(line);
  if (match === null) return undefined;
  const [, fn, inParens, bare] = match;
  const location = NODE_LOCATION.exec(inParens ?? bare ?? '');
  // `at Array.map (<anonymous>)` names no file; `at line 42 …` is prose, left to the free-text rule.
  if (location === null) return undefined;
  const [, where = '', lineNumber = '', column = ''] = location;
  // Node's own modules and eval'd code name no file of the workspace.
  if (where.startsWith('node:') || where.startsWith('internal/') || where.includes('(') || where.startsWith('<')) return 'skip';
  const file = where.startsWith('file://') ? fromFileUrl(where) : where;
  if (file === undefined) return 'skip';
  const name = fn?.replace(/^(?:async|new)\s+/, '').trim();
  return { format: 'node', file, line: Number(lineNumber), column: Number(column), ...(name === undefined || name === '' ? {} : { function: name }), text };
}

function goPanicFrame(line: string, text: string, previous: string): Parsed {
  const match = GO_PANIC.exec(line);
  if (match === null) return undefined;
  const [, file = '', lineNumber = ''] = match;
  const fn = GO_FUNCTION.exec(previous)?.[1];
  return { format: 'go', file, line: Number(lineNumber), ...(fn === undefined ? {} : { function: fn }), text };
}

function compilerFrames(line: string, text: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const match of line.matchAll(COMPILER)) {
    const [, file = '', extension = '', lineNumber = '', column] = match;
    frames.push({
      format: EXTENSION_FORMATS[extension] ?? 'text',
      file,
      line: Number(lineNumber),
      ...(column === undefined ? {} : { column: Number(column) }),
      text,
    });
  }
  return frames;
}

function freeTextFrames(text: string, affectedFiles: readonly string[]): StackFrame[] {
  if (affectedFiles.length === 0) return [];
  const lines = [...text.matchAll(FREE_TEXT_LINE)].map((match) => Number(match[1]));
  if (lines.length === 0) return [];
  const named = affectedFiles.filter((file) => namesFile(text, file));
  const files = named.length > 0 ? named : affectedFiles.length === 1 ? affectedFiles : [];
  return files.flatMap((file) => lines.map((line) => ({ format: 'text' as const, file, line, text })));
}

/** Whether a message names a file: its path as given, or its base name as a whole word. */
function namesFile(text: string, file: string): boolean {
  if (text.includes(file)) return true;
  const base = path.basename(file);
  if (base === '') return false;
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`).test(text);
}

function fromFileUrl(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
