/** Which part of a task's trace a row opens; the argument of `parallelDispatcher.openTraceItem`. */
export interface TraceItemRef {
  readonly dispatchId: string;
  readonly taskId: string;
  readonly part: 'input' | 'output' | 'error' | 'model-call' | 'tool-call' | 'file' | 'trace';
  /** For `model-call`, `tool-call` and `file`: the position in the trace's list. */
  readonly index?: number;
}

export const OPEN_TRACE_ITEM_COMMAND = 'parallelDispatcher.openTraceItem';

export function isTraceItemRef(value: unknown): value is TraceItemRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  return typeof ref.dispatchId === 'string' && typeof ref.taskId === 'string' && typeof ref.part === 'string';
}
