import { DispatchError } from './dispatch-error.js';

/** The task ran longer than its `timeout_seconds`. */
export class TaskTimeoutError extends DispatchError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super('timeout', `timed out after ${timeoutMs / 1000} s`);
    this.name = 'TaskTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The task was stopped because the dispatch was cancelled (signal, stop button, fail_fast). */
export class TaskCancelledError extends DispatchError {
  constructor(reason: string) {
    super('cancelled', reason);
    this.name = 'TaskCancelledError';
  }
}

/** The agent ran and reported failure (non-zero exit, invalid generated code, …). */
export class AgentError extends DispatchError {
  readonly agent: string;
  /** Whatever the agent produced before failing; recorded as the task output. */
  readonly output: unknown;
  constructor(agent: string, message: string, options?: { output?: unknown; cause?: unknown }) {
    super('agent', message, options);
    this.name = 'AgentError';
    this.agent = agent;
    this.output = options?.output;
  }
}
