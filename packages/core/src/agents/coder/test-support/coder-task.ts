import { PathPolicy } from '../../../paths/path-policy.js';
import type { AgentContext } from '../../agent.js';
import { coderAgent } from '../coder-agent.js';
import { coderInputSchema } from '../coder-input.js';
import type { CoderOutput } from '../coder-output.js';
import { MemoryRecorder, ScriptedModel } from '../../../test-support/scripted-model.js';

export interface CoderTaskOptions {
  readonly workspace: string;
  /** Scripted replies, or a model (or none) to pass as is. */
  readonly replies?: readonly string[];
  readonly model?: ScriptedModel | null;
  readonly dependencies?: Record<string, unknown>;
  readonly env?: Record<string, string | undefined>;
  readonly signal?: AbortSignal;
}

/** Runs the coder agent the way the scheduler does: input parsed by its schema, a real path policy, a fake model. */
export async function runCoderTask(rawInput: Record<string, unknown>, options: CoderTaskOptions) {
  const model = options.model === null ? undefined : (options.model ?? new ScriptedModel(options.replies ?? []));
  const recorder = new MemoryRecorder();
  const context: AgentContext = {
    taskId: 'gen-node',
    description: 'Generate a node',
    signal: options.signal ?? new AbortController().signal,
    workspace: options.workspace,
    rawInput,
    dependencies: options.dependencies ?? {},
    env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    paths: new PathPolicy(options.workspace),
    model,
    recorder,
  };
  const input = coderInputSchema.parse(rawInput);
  const outcome: { output?: CoderOutput; error?: unknown } = {};
  try {
    outcome.output = await coderAgent.run(input, context);
  } catch (error) {
    outcome.error = error;
  }
  return { ...outcome, model, recorder };
}

export function fence(language: string, code: string): string {
  return `Here is the file:\n\n\`\`\`${language}\n${code}\n\`\`\`\n`;
}
