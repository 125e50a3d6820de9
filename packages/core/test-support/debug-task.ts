import { execFileSync } from 'node:child_process';
import { runAgentTask, testEnv, type AgentTaskOptions } from './run-agent-task.js';
import { debugAgent } from '../src/agents/debug/debug-agent.js';

export { testEnv };

export function runDebugTask(rawInput: Record<string, unknown>, options: AgentTaskOptions) {
  return runAgentTask(debugAgent, rawInput, { taskId: 'debug-auth-failure', description: 'Investigate authentication failure root cause', ...options });
}

/** Runs git in `cwd` as a throwaway identity. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...testEnv, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}
