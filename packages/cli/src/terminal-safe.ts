import { stripControlSequences } from '@parallel-dispatcher/core';

/**
 * A copy of a value with control sequences stripped from every string in it:
 * events carry tasks' own output (error messages, progress notes), which must
 * not drive the user's terminal.
 */
export function terminalSafe<T>(value: T): T {
  return stripStrings(value) as T;
}

function stripStrings(value: unknown): unknown {
  if (typeof value === 'string') return stripControlSequences(value);
  if (Array.isArray(value)) return value.map(stripStrings);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, stripStrings(field)]));
  return value;
}
