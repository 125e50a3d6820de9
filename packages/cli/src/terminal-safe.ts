import { copyJsonValue, stripControlSequences } from '@parallel-dispatcher/core';

/**
 * A copy of a value with control sequences stripped from every string in it:
 * events carry tasks' own output (error messages, progress notes), which must
 * not drive the user's terminal.
 */
export function terminalSafe<T>(value: T): T {
  return copyJsonValue(value, stripControlSequences) as T;
}
