import { DispatchError } from './dispatch-error.js';
import { errorMarker, hasErrorMarker } from './error-marker.js';

const timeoutMarker = errorMarker('TaskTimeoutError');
const cancelledMarker = errorMarker('TaskCancelledError');
const agentMarker = errorMarker('AgentError');

/** The task ran longer than its `timeout_seconds`. */
export class TaskTimeoutError extends DispatchError {
  readonly [timeoutMarker] = true;
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super('timeout', `timed out after ${timeoutMs / 1000} s`);
    this.name = 'TaskTimeoutError';
    this.timeoutMs = timeoutMs;
  }

  static override isInstance(value: unknown): value is TaskTimeoutError {
    return hasErrorMarker(value, timeoutMarker);
  }
}

/** The task was stopped because the dispatch was cancelled (signal, stop button, fail_fast). */
export class TaskCancelledError extends DispatchError {
  readonly [cancelledMarker] = true;

  constructor(reason: string) {
    super('cancelled', reason);
    this.name = 'TaskCancelledError';
  }

  static override isInstance(value: unknown): value is TaskCancelledError {
    return hasErrorMarker(value, cancelledMarker);
  }
}

/** The agent ran and reported failure (non-zero exit, invalid generated code, …). */
export class AgentError extends DispatchError {
  readonly [agentMarker] = true;
  readonly agent: string;
  /** Whatever the agent produced before failing; recorded as the task output. */
  readonly output: unknown;
  constructor(agent: string, message: string, options?: { output?: unknown; cause?: unknown }) {
    super('agent', message, options);
    this.name = 'AgentError';
    this.agent = agent;
    this.output = options?.output;
  }

  static override isInstance(value: unknown): value is AgentError {
    return hasErrorMarker(value, agentMarker);
  }
}
