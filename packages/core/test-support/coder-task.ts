import { runAgentTask, type AgentTaskOptions } from './run-agent-task.js';
import { coderAgent } from '../src/agents/coder/coder-agent.js';

export function runCoderTask(rawInput: Record<string, unknown>, options: AgentTaskOptions) {
  return runAgentTask(coderAgent, rawInput, { taskId: 'gen-node', description: 'Generate a node', ...options });
}

export function fence(language: string, code: string): string {
  return `Here is the file:\n\n\`\`\`${language}\n${code}\n\`\`\`\n`;
}
