import { execFileSync } from 'node:child_process';
import { PathPolicy } from '../../../paths/path-policy.js';
import type { AgentContext } from '../../agent.js';
import { debugAgent } from '../debug-agent.js';
import type { DebugFindings } from '../debug-findings.js';
import { debugInputSchema } from '../debug-input.js';
import { MemoryRecorder, ScriptedModel } from '../../../test-support/scripted-model.js';

export interface DebugTaskOptions {
  readonly workspace: string;
  /** Scripted replies for a fake model; `model: null` runs without one. */
  readonly replies?: readonly unknown[];
  readonly model?: ScriptedModel | null;
  readonly dependencies?: Record<string, unknown>;
  readonly signal?: AbortSignal;
}

export const testEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** Runs the debug agent the way the scheduler does: input parsed by its schema, a real path policy, a fake model. */
export async function runDebugTask(rawInput: Record<string, unknown>, options: DebugTaskOptions) {
  const model = options.model === null ? undefined : (options.model ?? new ScriptedModel(options.replies ?? []));
  const recorder = new MemoryRecorder();
  const context: AgentContext = {
    taskId: 'debug-auth-failure',
    description: 'Investigate authentication failure root cause',
    signal: options.signal ?? new AbortController().signal,
    workspace: options.workspace,
    rawInput,
    dependencies: options.dependencies ?? {},
    env: testEnv,
    paths: new PathPolicy(options.workspace),
    model,
    recorder,
  };
  const input = debugInputSchema.parse(rawInput);
  const outcome: { output?: DebugFindings; error?: unknown } = {};
  try {
    outcome.output = await debugAgent.run(input, context);
  } catch (error) {
    outcome.error = error;
  }
  return { ...outcome, model, recorder };
}

/** Runs git in `cwd` as a throwaway identity. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...testEnv, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}
