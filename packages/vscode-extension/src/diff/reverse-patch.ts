/**
 * The content a file had before a unified diff (as core records for written files) turned it into
 * `current`, or undefined when the diff does not fit `current` (the file changed since, or the
 * diff was truncated). Lets the editor show a real side-by-side diff from a trace.
 */
export function previousContent(current: string, diff: string): string | undefined {
  const hunks = parseHunks(diff);
  if (hunks === undefined) return undefined;
  const { lines: newLines, endsWithNewline: newEndsWithNewline } = splitLines(current);
  const oldLines: string[] = [];
  let cursor = 0;
  let oldEndsWithNewline = newEndsWithNewline;
  for (const hunk of hunks) {
    // Hunk starts are 1-based; an empty side says 0.
    const start = hunk.newLength === 0 ? hunk.newStart : hunk.newStart - 1;
    if (start < cursor || start > newLines.length) return undefined;
    while (cursor < start) oldLines.push(newLines[cursor++]!);
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line.startsWith('-')) {
        oldLines.push(text);
      } else if (newLines[cursor] !== text) {
        return undefined;
      } else {
        cursor++;
        if (line.startsWith(' ')) oldLines.push(text);
      }
    }
    if (cursor === newLines.length) oldEndsWithNewline = !hunk.oldNoNewline;
  }
  while (cursor < newLines.length) oldLines.push(newLines[cursor++]!);
  if (oldLines.length === 0) return '';
  return oldLines.join('\n') + (oldEndsWithNewline ? '\n' : '');
}

interface Hunk {
  readonly newStart: number;
  readonly newLength: number;
  readonly lines: string[];
  oldNoNewline: boolean;
}

function parseHunks(diff: string): Hunk[] | undefined {
  if (/\[diff (omitted|truncated)/.test(diff)) return undefined;
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let last = '';
  for (const line of diff.split('\n')) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header !== null) {
      if (current !== undefined && (oldLeft !== 0 || newLeft !== 0)) return undefined;
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      current = { newStart: Number(header[3]), newLength: newLeft, lines: [], oldNoNewline: false };
      hunks.push(current);
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith('\\')) {
      // "\ No newline at end of file" follows the last line of a side.
      if (last === '-' || last === ' ') current.oldNoNewline ||= last === '-' || oldLeft === 0;
      continue;
    }
    const kind = line[0];
    if ((kind === ' ' || kind === '-') && oldLeft > 0 && (kind === '-' || newLeft > 0)) {
      current.lines.push(line);
      oldLeft--;
      if (kind === ' ') newLeft--;
      last = kind;
    } else if (kind === '+' && newLeft > 0) {
      current.lines.push(line);
      newLeft--;
      last = kind;
    } else if (oldLeft === 0 && newLeft === 0) {
      last = '';
      continue;
    } else {
      return undefined;
    }
  }
  if (oldLeft !== 0 || newLeft !== 0) return undefined;
  return hunks;
}

function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  if (text === '') return { lines: [], endsWithNewline: false };
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}
