import { isLibraryPath } from './library-paths.js';
import type { StackFrame } from './parse-stack-frames.js';

const MAX_SYMBOLS = 12;
const EXCEPTION_CLASS = /(?<![\w$])([A-Z][A-Za-z0-9]*(?:Error|Exception|Fault|Failure|Panic|Rejection))(?![\w$])/g;
const QUOTED = /['"`]([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:\(\))?['"`]/g;
const CALLED = /(?<![\w$.])([A-Za-z_$][\w$]*)\(\)/g;
// camelCase, snake_case and PascalCase with two humps or more: shapes words of prose rarely have (parts of paths are not names).
const IDENTIFIER = /(?<![\w$/\\])([a-z][a-z0-9]*[A-Z][\w$]*|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]|[A-Z][a-z0-9]+[A-Z][\w$]*)(?![\w$/\\])/g;

/** Names too common in every program, or in runtimes' own frames, to point anywhere. */
const TOO_COMMON = new Set([
  'main', 'run', 'call', 'apply', 'invoke', 'init', 'new', 'eval', 'constructor', 'then', 'next', 'step', 'fulfilled', 'rejected',
  'anonymous', 'module', 'lambda', 'Object', 'Module', 'Promise', 'Function', 'Array', 'String', 'Thread', 'process', 'wrapper',
  'inner', 'handler', 'async', 'await', 'self', 'this', 'null', 'undefined', 'None', 'True', 'False', 'true', 'false',
  'processTicksAndRejections', 'runMicrotasks', 'listOnTimeout', 'processTimers', 'Generator', 'goexit', '__init__', '__call__',
  'TypeError', 'ValueError', 'RuntimeError', 'KeyError', 'IndexError', 'AttributeError', 'ReferenceError', 'SyntaxError',
  'RangeError', 'NullPointerException', 'IllegalArgumentException', 'IllegalStateException', 'RuntimeException',
]);

const LIBRARY_CLASS = /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|org\.junit|org\.springframework|org\.apache|io\.netty)\./;
const LIBRARY_GO_FUNCTION = /^(?:runtime|testing|reflect|net\/http|sync)\./;

/**
 * The names worth searching the workspace for, most telling first: exception
 * classes, then functions and classes of the frames, then identifiers the
 * messages (and the problem description) mention. At most twelve.
 */
export function traceSymbols(traces: readonly string[], frames: readonly StackFrame[], problemDescription = ''): string[] {
  const frameLines = new Set(frames.map((frame) => frame.text));
  const messages = traces
    .flatMap((trace) => trace.split(/\r?\n/))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !frameLines.has(line));
  const found: string[] = [];
  const add = (name: string | undefined) => {
    if (name !== undefined && name.length >= 3 && !TOO_COMMON.has(name) && !found.includes(name)) found.push(name);
  };
  for (const line of messages) for (const match of line.matchAll(EXCEPTION_CLASS)) add(match[1]);
  for (const frame of frames) frameNames(frame).forEach(add);
  for (const line of [...messages, problemDescription]) {
    for (const match of line.matchAll(QUOTED)) match[1]?.split('.').forEach(add);
    for (const match of line.matchAll(CALLED)) add(match[1]);
    for (const match of line.matchAll(IDENTIFIER)) add(match[1]);
  }
  return found.slice(0, MAX_SYMBOLS);
}

/** `AuthService.verify` gives `verify` and `AuthService`; `main.(*Server).handle` gives `handle` and `Server`. */
function frameNames(frame: StackFrame): string[] {
  if (isLibraryPath(frame.file)) return [];
  if (frame.className !== undefined) {
    if (LIBRARY_CLASS.test(frame.className)) return [];
    const simpleClass = frame.className.split('.').at(-1)?.split('$').filter((part) => part !== '' && !/^\d+$/.test(part)).at(-1);
    // Synthetic names (`lambda$verify$0`, `access$000`) are the compiler's, not the source's.
    return [frame.function, simpleClass].filter(isIdentifier).filter((name) => !name.includes('$'));
  }
  const fn = frame.function;
  if (fn === undefined || (frame.format === 'go' && LIBRARY_GO_FUNCTION.test(fn))) return [];
  const parts = fn
    .replace(/\s*\[as [^\]]+\]$/, '')
    .split(/[.\s/]+/)
    .map((part) => part.replace(/^\(\*?|\)$/g, ''))
    .filter(isIdentifier);
  const method = parts.at(-1);
  const owner = parts.length >= 2 ? parts.at(-2) : undefined;
  return [method, owner !== undefined && /^[A-Z]/.test(owner) ? owner : undefined].filter(isIdentifier);
}

function isIdentifier(name: string | undefined): name is string {
  return name !== undefined && /^[A-Za-z_$][\w$]*$/.test(name);
}
