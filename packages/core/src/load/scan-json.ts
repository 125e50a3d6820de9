/** The first reason a text is not a JSON document we accept, with the offset where it is. */
export interface JsonProblem {
  readonly offset: number;
  readonly message: string;
  /** For a duplicate key: the object holding it, as segments (`["tasks", 0]`). */
  readonly at?: readonly (string | number)[];
}

interface Frame {
  readonly keys: Set<string> | undefined;
  readonly openedAt: number;
  segment: string | number;
}

type State = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after-value';

/**
 * Checks JSON in one pass, without recursion, before `JSON.parse` reads it:
 * `JSON.parse` does not always say where it stopped (a trailing comma) and
 * silently keeps the last of duplicate keys. Linear in the text, whatever
 * its nesting or size, so an 8 MB unclosed bracket is located as fast as a typo.
 */
export function scanJson(text: string): JsonProblem | undefined {
  const stack: Frame[] = [];
  const problem = (offset: number, message: string): JsonProblem => ({ offset, message });
  let state: State = 'value';
  let i = 0;
  for (;;) {
    i = skipWhitespace(text, i);
    const char = text[i];
    const top = stack[stack.length - 1];
    if (state === 'after-value') {
      if (top === undefined) return char === undefined ? undefined : problem(i, `unexpected ${describe(char)} after the end of the document`);
      if (char === undefined) {
        const opened = lineAndColumn(text, top.openedAt);
        return problem(i, `unexpected end of file: the ${top.keys === undefined ? '"["' : '"{"'} at line ${opened.line}, column ${opened.col} is never closed`);
      }
      if (char === ',') {
        if (typeof top.segment === 'number') top.segment++;
        state = top.keys === undefined ? 'value' : 'key';
        i++;
      } else if ((char === '}' && top.keys !== undefined) || (char === ']' && top.keys === undefined)) {
        stack.pop();
        i++;
      } else {
        return problem(i, `expected "," or "${top.keys === undefined ? ']' : '}'}" but found ${describe(char)}`);
      }
      continue;
    }
    if (state === 'key' || state === 'key-or-close') {
      if (char === '}') {
        if (state === 'key') return problem(i, 'unexpected "}" after a comma (JSON allows no trailing comma)');
        stack.pop();
        state = 'after-value';
        i++;
        continue;
      }
      if (char !== '"') return problem(i, char === undefined ? 'unexpected end of file: a property name is missing' : `expected a double-quoted property name but found ${describe(char)}`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return problem(end.offset, end.message);
      const key = JSON.parse(text.slice(i, end)) as string;
      const keys = top!.keys!;
      if (keys.has(key)) return { offset: i, message: `duplicate key ${JSON.stringify(key)} (YAML refuses it too; JSON.parse would keep the last)`, at: stack.slice(0, -1).map((frame) => frame.segment) };
      keys.add(key);
      top!.segment = key;
      i = skipWhitespace(text, end);
      if (text[i] !== ':') return problem(i, `expected ":" after the property name but found ${describe(text[i])}`);
      i++;
      state = 'value';
      continue;
    }
    // state is 'value' or 'value-or-close'
    if (char === ']' && top?.keys === undefined && top !== undefined) {
      if (state === 'value') return problem(i, 'unexpected "]" after a comma (JSON allows no trailing comma)');
      stack.pop();
      state = 'after-value';
      i++;
      continue;
    }
    if (char === '{' || char === '[') {
      stack.push({ keys: char === '{' ? new Set() : undefined, openedAt: i, segment: 0 });
      state = char === '{' ? 'key-or-close' : 'value-or-close';
      i++;
      continue;
    }
    const end = scanScalar(text, i);
    if (typeof end !== 'number') return problem(end.offset, end.message);
    i = end;
    state = 'after-value';
  }
}

/** Line and column (both from 1) of an offset; linear, for the one error reported. */
export function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) i++;
    else return i;
  }
}

type ScanResult = number | { offset: number; message: string };

function scanScalar(text: string, i: number): ScanResult {
  const char = text[i];
  if (char === undefined) return { offset: i, message: 'unexpected end of file: a value is missing' };
  if (char === '"') return scanString(text, i);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  number.lastIndex = i;
  if ((char === '-' || (char >= '0' && char <= '9')) && number.test(text)) return number.lastIndex;
  return { offset: i, message: `unexpected ${describe(char)} where a value should be` };
}

/** Offset just after the closing quote of the string starting at `i`. */
function scanString(text: string, i: number): ScanResult {
  for (let j = i + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return { offset: j, message: `${describe(text[j])} inside a string (write it as an escape such as \\n)` };
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { offset: j, message: 'invalid \\u escape (it needs four hexadecimal digits)' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else return { offset: j, message: `invalid escape "\\${next ?? ''}" in a string` };
    }
  }
  return { offset: i, message: 'unterminated string (the closing quote is missing)' };
}

function describe(char: string | undefined): string {
  if (char === undefined) return 'the end of the file';
  const code = char.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(char);
}
