import { createHash } from 'node:crypto';

/**
 * Trace and span ids of a dispatch, derived from what names each span (dispatch id, task id,
 * attempt, call index) rather than drawn at random: a running shell task can be handed its
 * attempt's `TRACEPARENT` before that span is exported, and `pdispatch export --format otlp`
 * sends the same ids again, so a collector sees one trace however often it is sent.
 */
export function traceIdOf(dispatchId: string): string {
  return digest(['trace', dispatchId]).slice(0, 32);
}

/** The span id of one part of a dispatch: `['dispatch']`, `['task', id, attempt]`, `['task', id, attempt, 'model', 3]`, … */
export function spanIdOf(dispatchId: string, ...parts: readonly (string | number)[]): string {
  return digest(['span', dispatchId, ...parts.map(String)]).slice(0, 16);
}

/** The span of one attempt at a task, the parent of what it does. */
export function attemptSpanIdOf(dispatchId: string, taskId: string, attempt: number): string {
  return spanIdOf(dispatchId, 'task', taskId, attempt);
}

/** The W3C `traceparent` an attempt's processes get, so what they start joins the dispatch's trace (sampled). */
export function traceparentOf(dispatchId: string, taskId: string, attempt: number): string {
  return `00-${traceIdOf(dispatchId)}-${attemptSpanIdOf(dispatchId, taskId, attempt)}-01`;
}

function digest(parts: readonly string[]): string {
  // NUL never occurs in ids, so distinct part lists never hash the same input.
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}
