import { DispatchError } from '../errors/dispatch-error.js';
import { TaskCancelledError, TaskTimeoutError } from '../errors/task-errors.js';
import { abortableSleep } from '../timing/abortable-sleep.js';
import type { TaskGraph } from '../graph/task-graph.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { PriorityQueue } from './priority-queue.js';
import type { SchedulerEvent } from './scheduler-events.js';
import { isFinal, type AttemptRecord, type FinalTaskStatus, type TaskErrorInfo, type TaskOutcome, type TaskStatus } from './task-outcome.js';

export interface AttemptContext {
  readonly attempt: number;
  /** Aborted on timeout, dispatch cancellation and fail_fast. */
  readonly signal: AbortSignal;
}

export interface ScheduleOptions {
  readonly graph: TaskGraph;
  readonly maxWorkers: number;
  /** Higher runs first among ready tasks. */
  readonly priority: (id: string) => number;
  readonly timeoutMs: (id: string) => number;
  readonly retries: (id: string) => number;
  /** Runs one attempt; resolves with the task's output or rejects. */
  readonly runTask: (id: string, attempt: AttemptContext) => Promise<unknown>;
  readonly failFast?: boolean;
  /** Cancels the whole dispatch. */
  readonly signal?: AbortSignal;
  /**
   * Stops starting tasks, without stopping those running (a spent budget): the
   * tasks not started are cancelled with the reason's kind and message, and
   * none is retried. Its reason is the DispatchError saying why.
   */
  readonly halt?: AbortSignal;
  readonly backoff?: BackoffOptions;
  /**
   * How long an aborted attempt's work may take to settle before its worker
   * counts as free anyway, so an agent ignoring its signal cannot hold one for ever.
   */
  readonly abandonAfterMs?: number;
  readonly onEvent?: (event: SchedulerEvent) => void;
  /** Called once per task with its final outcome, right after its `task-finished` event. */
  readonly onSettled?: (id: string, outcome: TaskOutcome) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface TaskState {
  status: TaskStatus;
  unmetDependencies: number;
  output: unknown;
  error: TaskErrorInfo | undefined;
  attempts: AttemptRecord[];
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** Aborts the running attempt or the retry wait. */
  abort: AbortController | undefined;
}

/**
 * Runs a task graph with a ready queue: a task starts the moment its last
 * dependency succeeds and a worker is free, highest priority first. Failures
 * skip their dependents and leave independent branches running; cancellation
 * (signal or fail_fast) stops running attempts and cancels the rest. Resolves
 * once every task has exactly one final status.
 */
export function runSchedule(options: ScheduleOptions): Promise<Map<string, TaskOutcome>> {
  const { graph, maxWorkers, runTask } = options;
  const now = options.now ?? Date.now;
  const emit = options.onEvent ?? (() => {});
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const ready = new PriorityQueue<string>();
  const states = new Map<string, TaskState>();
  let running = 0;
  let unfinished = graph.ids.length;
  let cancelReason: string | undefined;
  let halted: TaskErrorInfo | undefined;

  for (const id of graph.ids) {
    states.set(id, {
      status: 'pending',
      unmetDependencies: graph.dependencies.get(id)!.length,
      output: undefined,
      error: undefined,
      attempts: [],
      startedAt: undefined,
      endedAt: undefined,
      abort: undefined,
    });
  }

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (unfinished > 0 || running > 0) return;
      options.signal?.removeEventListener('abort', onDispatchAbort);
      options.halt?.removeEventListener('abort', onHalt);
      resolve(new Map([...states].map(([id, state]) => [id, outcomeOf(state)])));
    };

    const finish = (id: string, status: FinalTaskStatus, error: TaskErrorInfo | undefined) => {
      const state = states.get(id)!;
      state.status = status;
      state.error = error;
      state.abort = undefined;
      const at = now();
      if (state.startedAt !== undefined) state.endedAt = at;
      unfinished--;
      const duration = state.startedAt === undefined ? 0 : at - state.startedAt;
      emit({ type: 'task-finished', task_id: id, status, error, attempts: state.attempts.length, duration_ms: duration, at });
      options.onSettled?.(id, outcomeOf(state));
    };

    const enqueue = (id: string) => {
      states.get(id)!.status = 'queued';
      ready.push(id, options.priority(id));
      emit({ type: 'task-queued', task_id: id, at: now() });
    };

    const skipDependentsOf = (failed: string) => {
      const stack = graph.dependents.get(failed)!.map((id) => ({ id, via: failed }));
      while (stack.length > 0) {
        const { id, via } = stack.pop()!;
        if (states.get(id)!.status !== 'pending') continue;
        const path = via === failed ? '' : ` (via "${via}")`;
        finish(id, 'skipped', { kind: 'dependency', message: `skipped because task "${failed}" did not succeed${path}` });
        stack.push(...graph.dependents.get(id)!.map((dependent) => ({ id: dependent, via: id })));
      }
    };

    const cancelAll = (reason: string) => {
      if (cancelReason !== undefined) return;
      cancelReason = reason;
      for (const id of ready.drain()) finish(id, 'cancelled', { kind: 'cancelled', message: reason });
      for (const [id, state] of states) {
        if (state.status === 'running' || state.status === 'retrying') state.abort?.abort(new TaskCancelledError(reason));
        else if (state.status === 'pending') finish(id, 'cancelled', { kind: 'cancelled', message: reason });
      }
    };

    function onHalt() {
      if (cancelReason !== undefined || halted !== undefined) return;
      const reason = errorInfo(options.halt?.reason);
      halted = { kind: reason.kind, message: `not started: ${reason.message}` };
      for (const id of ready.drain()) finish(id, 'cancelled', halted);
      for (const [id, state] of states) {
        if (state.status === 'retrying') state.abort?.abort();
        else if (state.status === 'pending') finish(id, 'cancelled', halted);
      }
      finishIfDone();
    }

    function onDispatchAbort() {
      cancelAll(describeAbort(options.signal?.reason));
      finishIfDone();
    }

    const pump = () => {
      while (running < maxWorkers && cancelReason === undefined && halted === undefined) {
        const id = ready.pop();
        if (id === undefined) break;
        void start(id);
      }
    };

    const start = async (id: string) => {
      const state = states.get(id)!;
      running++;
      state.status = 'running';
      const attemptNumber = state.attempts.length + 1;
      const startedAt = now();
      state.startedAt ??= startedAt;
      const controller = new AbortController();
      state.abort = controller;
      emit({ type: 'task-started', task_id: id, attempt: attemptNumber, at: startedAt });

      const timeoutMs = options.timeoutMs(id);
      const timer = setTimeout(() => controller.abort(new TaskTimeoutError(timeoutMs)), Math.min(timeoutMs, MAX_TIMER_MS));
      const work = promiseOf(() => runTask(id, { attempt: attemptNumber, signal: controller.signal }));
      let outcome: { ok: true; output: unknown } | { ok: false; error: TaskErrorInfo };
      try {
        outcome = { ok: true, output: await untilAborted(work, controller.signal) };
      } catch (error) {
        outcome = { ok: false, error: errorInfo(controller.signal.aborted ? controller.signal.reason : error) };
        if (!controller.signal.aborted && error instanceof Object && 'output' in error) state.output = error.output;
      } finally {
        clearTimeout(timer);
      }
      const endedAt = now();
      state.attempts.push({
        attempt: attemptNumber,
        started_at: new Date(startedAt).toISOString(),
        ended_at: new Date(endedAt).toISOString(),
        duration_ms: endedAt - startedAt,
        status: outcome.ok ? 'success' : outcome.error.kind === 'cancelled' ? 'cancelled' : 'error',
        ...(outcome.ok ? {} : { error: outcome.error }),
      });

      let retry: TaskErrorInfo | undefined;
      if (outcome.ok) {
        state.output = outcome.output;
        finish(id, 'success', undefined);
        for (const dependent of graph.dependents.get(id)!) {
          const waiting = states.get(dependent)!;
          waiting.unmetDependencies--;
          if (waiting.unmetDependencies === 0 && waiting.status === 'pending' && cancelReason === undefined) enqueue(dependent);
        }
      } else if (outcome.error.kind === 'cancelled' || cancelReason !== undefined) {
        finish(id, 'cancelled', outcome.error.kind === 'cancelled' ? outcome.error : { kind: 'cancelled', message: cancelReason! });
      } else if (halted !== undefined && outcome.error.kind === halted.kind) {
        // Refused by the budget that halted the dispatch: stopped, like the tasks that did not start.
        finish(id, 'cancelled', outcome.error);
      } else if (halted === undefined && attemptNumber <= options.retries(id)) {
        retry = outcome.error;
      } else {
        finish(id, 'error', outcome.error);
        skipDependentsOf(id);
        if (options.failFast) cancelAll(`cancelled by fail_fast after task "${id}" failed`);
      }
      // An aborted attempt's outcome counts from the abort, but its worker is
      // free only once its work has settled (its processes gone), so a kill
      // grace never runs beside the next task.
      if (controller.signal.aborted) await settledWithin(work, options.abandonAfterMs ?? DEFAULT_ABANDON_AFTER_MS);
      running--;
      if (retry !== undefined) await retryLater(id, attemptNumber, retry);
      pump();
      finishIfDone();
    };

    /** Frees the worker during the backoff wait; the task rejoins the ready queue afterwards. */
    const retryLater = async (id: string, attempt: number, error: TaskErrorInfo) => {
      const state = states.get(id)!;
      if (cancelReason !== undefined || halted !== undefined) {
        finish(id, 'cancelled', halted ?? { kind: 'cancelled', message: cancelReason! });
        return;
      }
      const delay = backoffDelay(attempt, backoff, options.random);
      state.status = 'retrying';
      const controller = new AbortController();
      state.abort = controller;
      emit({ type: 'task-retrying', task_id: id, attempt, delay_ms: delay, error, at: now() });
      pump();
      const waited = await abortableSleep(delay, controller.signal).then(
        () => true,
        () => false,
      );
      if (halted !== undefined && cancelReason === undefined) {
        finish(id, 'cancelled', halted);
      } else if (cancelReason !== undefined || !waited) {
        finish(id, 'cancelled', { kind: 'cancelled', message: cancelReason ?? 'cancelled' });
      } else {
        state.abort = undefined;
        enqueue(id);
      }
    };

    if (options.signal?.aborted) onDispatchAbort();
    else {
      options.signal?.addEventListener('abort', onDispatchAbort, { once: true });
      options.halt?.addEventListener('abort', onHalt, { once: true });
      if (options.halt?.aborted) onHalt();
      else {
        for (const id of graph.ids) if (states.get(id)!.unmetDependencies === 0) enqueue(id);
        pump();
        finishIfDone();
      }
    }
  });
}

/** Well past the 2 s between SIGTERM and SIGKILL that a task's processes get. */
const DEFAULT_ABANDON_AFTER_MS = 5000;

/** Node runs a timer set beyond 2^31 - 1 ms after 1 ms; longer timeouts wait this long (24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function outcomeOf(state: TaskState): TaskOutcome {
  if (!isFinal(state.status)) throw new Error(`internal: task left in status ${state.status}`);
  return {
    status: state.status,
    output: state.output,
    error: state.error,
    attempts: state.attempts,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
  };
}

function errorInfo(error: unknown): TaskErrorInfo {
  if (DispatchError.isInstance(error)) return { kind: error.kind, message: error.message };
  if (error instanceof Error) return { kind: 'agent', message: error.message };
  return { kind: 'agent', message: String(error) };
}

function describeAbort(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  if (typeof reason === 'string') return reason;
  return 'dispatch cancelled';
}

/** A runner that throws before returning its promise fails its attempt like one that rejects. */
function promiseOf<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Resolves once the work has settled, or after `ms` if it never does. */
function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}

/** Settles as soon as the signal aborts, even if the agent ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
