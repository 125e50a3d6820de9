import type { Agent, AgentContext } from '../src/agents/agent.js';
import { PathPolicy } from '../src/paths/path-policy.js';
import { MemoryRecorder, ScriptedModel } from './scripted-model.js';

export interface AgentTaskOptions {
  readonly workspace: string;
  readonly taskId?: string;
  readonly description?: string;
  /** Scripted replies for a scripted model; `model: null` runs without one. */
  readonly replies?: readonly unknown[];
  readonly model?: ScriptedModel | null;
  readonly dependencies?: Record<string, unknown>;
  readonly env?: Record<string, string | undefined>;
  readonly signal?: AbortSignal;
}

export const testEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** Runs an agent the way the scheduler does: input parsed by its schema, a real path policy, a scripted model. */
export async function runAgentTask<Input, Output>(agent: Agent<Input, Output>, rawInput: Record<string, unknown>, options: AgentTaskOptions) {
  const model = options.model === null ? undefined : (options.model ?? new ScriptedModel(options.replies ?? []));
  const recorder = new MemoryRecorder();
  const context: AgentContext = {
    taskId: options.taskId ?? 'task',
    description: options.description ?? '',
    attempt: 1,
    signal: options.signal ?? new AbortController().signal,
    stopNow: new AbortController().signal,
    workspace: options.workspace,
    rawInput,
    dependencies: options.dependencies ?? {},
    env: options.env ?? testEnv,
    paths: new PathPolicy(options.workspace),
    model,
    recorder,
  };
  const input = agent.inputSchema.parse(rawInput);
  const outcome: { output?: Output; error?: unknown } = {};
  try {
    outcome.output = await agent.run(input, context);
  } catch (error) {
    outcome.error = error;
  }
  return { ...outcome, model, recorder };
}
