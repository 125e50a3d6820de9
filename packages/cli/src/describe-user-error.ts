import { DispatchValidationError, PlanningError, RerunError, stripControlSequences, TraceReadError } from '@parallel-dispatcher/core';
import { CliUsageError } from './cli-usage-error.js';
import type { DocumentError } from './stdout-document.js';

/**
 * What an error a user can cause (a usage mistake, an invalid dispatch, a
 * trace that cannot be read, nothing to rerun, a context file the planner
 * may not read) says on stderr, stripped of
 * terminal escapes (messages quote the file and the command line), and in the
 * stdout document; undefined for any other error.
 */
export function describeUserError(error: unknown): { readonly message: string; readonly errors: readonly DocumentError[] } | undefined {
  if (DispatchValidationError.isInstance(error)) return { message: stripControlSequences(error.message), errors: error.issues };
  if (CliUsageError.isInstance(error) || RerunError.isInstance(error) || TraceReadError.isInstance(error) || PlanningError.isInstance(error)) {
    return { message: stripControlSequences(error.message), errors: [{ path: 'command line', message: error.message }] };
  }
  return undefined;
}
