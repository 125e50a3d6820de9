import type { z } from 'zod';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { ModelClient } from '../models/model-client.js';
import type { PathPolicy } from '../paths/path-policy.js';
import type { TaskRecorder } from '../tracing/task-recorder.js';

/** Everything an agent gets to run one task. Nothing global: all of it comes in here. */
export interface AgentContext {
  readonly taskId: string;
  readonly description: string;
  /** 1 for the first try, 2 for the first retry, … */
  readonly attempt: number;
  /** Aborted on timeout, on cancellation of the dispatch and with fail_fast. */
  readonly signal: AbortSignal;
  /** Aborted when the host wants the task's processes gone at once, without the grace `signal` gives them. */
  readonly stopNow: AbortSignal;
  /** Absolute workspace root; relative paths in inputs resolve against it. */
  readonly workspace: string;
  /** The `input_data` exactly as written in the dispatch file. */
  readonly rawInput: unknown;
  /** Outputs of the task's dependencies, by task id. */
  readonly dependencies: Readonly<Record<string, unknown>>;
  /** Environment for child processes, already stripped of host credentials. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly paths: PathPolicy;
  /** The model this task uses; undefined for agents that need none. */
  readonly model: ModelClient | undefined;
  readonly recorder: TaskRecorder;
}

/** What static checks (before anything runs) may look at. */
export interface AgentCheckContext {
  readonly workspace: string;
  readonly paths: PathPolicy;
  /** The task runs after others, which may create what it needs (a build folder to work in, …). */
  readonly hasDependencies: boolean;
}

/**
 * An agent: validates its own input and runs one task. It succeeds by
 * returning its output and fails by throwing (an `AgentError` carries partial output).
 */
export interface Agent<Input = unknown, Output = unknown> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: z.ZodType<Input>;
  /**
   * Part of every cache key of its tasks: changes when the agent's prompt or behaviour does, so
   * results of an older version are not reused (a constant for built-ins, a hash of the definition
   * for agents defined in a dispatch file).
   */
  readonly version: string;
  /** Needs a model client to run (`coder`, `debug`, prompt agents). */
  readonly usesModel: boolean;
  /**
   * Whether its tasks run host commands (`shell`, command agents, `coder` with a
   * `check_command`): refused where commands are not allowed. A function when
   * it depends on the task's input.
   */
  readonly runsCommands: boolean | ((input: Input) => boolean);
  /** Checks that need no running: paths inside allowed roots, and so on. Paths are relative to `input_data`. */
  checkInput?(input: Input, context: AgentCheckContext): ValidationIssue[];
  run(input: Input, context: AgentContext): Promise<Output>;
}

// Agents are stored side by side whatever their input type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAgent = Agent<any, unknown>;
