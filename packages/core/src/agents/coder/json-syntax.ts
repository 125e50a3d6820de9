import type { CheckResult } from './coder-output.js';

/** Parses JSON strictly (no comments, no trailing commas), as `JSON.parse` and most tools reading `.json` do. */
export function checkJsonSyntax(text: string): CheckResult {
  try {
    JSON.parse(text);
    return { name: 'json-syntax', passed: true, diagnostics: 'parsed by JSON.parse' };
  } catch (error) {
    return { name: 'json-syntax', passed: false, diagnostics: withLine((error as Error).message, text) };
  }
}

/** Node reports a character position; people and models want a line and column. */
function withLine(message: string, text: string): string {
  const position = /position (\d+)/.exec(message);
  if (position === null) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
