import { z } from 'zod';
import type { AnyAgent } from '../agents/agent.js';
import { formatIssue, type ValidationIssue } from '../errors/validation-error.js';
import type { ModelMessage } from '../models/model-client.js';
import { formatCount } from '../text/format-count.js';
import { fenced } from '../text/fenced.js';
import type { ContextFile } from './context-files.js';
import type { WorkspaceFacts } from './workspace-facts.js';

/** Everything the planner is told besides the request. */
export interface PlanPromptFacts {
  readonly request: string;
  readonly agents: readonly AnyAgent[];
  readonly workspace: string;
  readonly roots: readonly string[];
  readonly files: WorkspaceFacts;
  /** Known when the host knows what changed (a pull request, `--changed-since`). */
  readonly changedFiles: readonly string[] | undefined;
  readonly contextFiles: readonly ContextFile[];
  readonly maxTasks: number;
  readonly maxWorkers: number | undefined;
  readonly allowCommands: boolean;
  /** Names of the host's MCP servers, whose tools tasks may call. */
  readonly mcpServers?: readonly string[];
}

/** The rules the plan is checked against afterwards; told up front so that most plans pass at once. */
function systemPrompt(facts: PlanPromptFacts): string {
  return [
    'You plan work for Parallel Dispatcher, which runs a graph of agent tasks in parallel and passes each task the outputs of its dependencies.',
    'Turn the request into a dispatch file: one JSON object matching the JSON Schema you are given.',
    'Rules:',
    '- Use only the agents listed; each task\'s input_data must match its agent\'s input schema.',
    '- Split the work into tasks that can run at the same time; add a dependency only where a task needs another task\'s output.',
    '- Give every task a short task_id (letters, digits, ".", "_", "-") and a description: one sentence saying why the task exists.',
    '- Paths are relative to the workspace root and must stay inside the allowed roots.',
    `- At most ${facts.maxTasks} tasks in all (a for_each task counts once per file).`,
    facts.allowCommands
      ? '- Commands are allowed, but use them only where the request needs one.'
      : '- Commands are not allowed: no shell or command agents, no check_command.',
    '- Leave out user_prompt, workspace_path, config.model, config.agents, config.allowed_paths, config.mcp_servers and every task\'s model: the host sets them.',
  ].join('\n');
}

function agentSection(agent: AnyAgent): string {
  let schema: string;
  try {
    // The dialect URL in every agent's schema would only cost tokens.
    const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(agent.inputSchema, { io: 'input', unrepresentable: 'any' });
    schema = JSON.stringify(jsonSchema);
  } catch {
    schema = '{}';
  }
  return `## ${agent.name}\n${agent.description}\nInput schema: ${schema}`;
}

/** Only the servers' names: their tools are known once they start, which planning does not do. */
function toolsSection(servers: readonly string[]): string[] {
  if (servers.length === 0) return [];
  const patterns = servers.map((server) => `"${server}.*"`).join(', ');
  return [`# Tools\nMCP servers: ${servers.join(', ')}. A coder, debug or prompt-agent task that needs to look things up may list the tools it may call in "tools", as "server.tool" patterns where "*" matches any characters (${patterns}); "max_tool_calls" caps its calls (default 20).`];
}

function filesSection(files: WorkspaceFacts): string {
  const source = files.source === 'git' ? 'from git ls-files' : 'from a walk that leaves out dependencies, traces and dot-folders';
  const count = files.total === undefined ? `more than ${formatCount(files.files.length)} files` : files.total === 1 ? '1 file' : `${formatCount(files.total)} files`;
  const cut = files.truncated ? `; the list is cut at ${formatCount(files.files.length)}, shallow folders first` : '';
  const list = files.files.length === 0 ? '(no files)' : files.files.join('\n');
  return `Files (${source}, ${count}${cut}):\n${list}`;
}

/** Changed files listed; more are counted. */
const MAX_CHANGED_SHOWN = 100;

function changedSection(changed: readonly string[] | undefined): string[] {
  if (changed === undefined) return [];
  const shown = changed.slice(0, MAX_CHANGED_SHOWN).join('\n');
  const more = changed.length > MAX_CHANGED_SHOWN ? `\n… and ${formatCount(changed.length - MAX_CHANGED_SHOWN)} more` : '';
  const count = changed.length === 1 ? '1 file' : `${formatCount(changed.length)} files`;
  return [`Changed files (${count}; for_each: { files: "changed" } makes one task per changed file):\n${changed.length === 0 ? '(none)' : shown + more}`];
}

function contextSection(contextFiles: readonly ContextFile[]): string[] {
  if (contextFiles.length === 0) return [];
  return ['# Context files', ...contextFiles.map((file) => `## ${file.record.path} (${formatCount(file.record.bytes)} bytes)\n${fenced(file.shown)}`)];
}

/** The first request's messages: the rules, then the request and the facts it is planned against. */
export function planMessages(facts: PlanPromptFacts): ModelMessage[] {
  const limits = [
    `- at most ${facts.maxTasks} tasks`,
    ...(facts.maxWorkers === undefined ? [] : [`- at most ${facts.maxWorkers} tasks run at once (config.max_workers)`]),
    `- commands: ${facts.allowCommands ? 'allowed' : 'not allowed'}`,
  ];
  const user = [
    '# Request',
    facts.request,
    '# Agents',
    ...facts.agents.map(agentSection),
    ...toolsSection(facts.mcpServers ?? []),
    '# Workspace',
    `Root: ${facts.workspace}`,
    `Allowed roots: ${facts.roots.join(', ')}`,
    filesSection(facts.files),
    ...changedSection(facts.changedFiles),
    '# Limits',
    limits.join('\n'),
    ...contextSection(facts.contextFiles),
  ].join('\n\n');
  return [
    { role: 'system', content: systemPrompt(facts) },
    { role: 'user', content: user },
  ];
}

/** A repair request: the first messages, the rejected plan, and its problems one per line (`path: message`). */
export function repairMessages(first: readonly ModelMessage[], reply: string, problems: readonly ValidationIssue[]): ModelMessage[] {
  const lines = problems.map(formatIssue).join('\n');
  return [
    ...first,
    { role: 'assistant', content: reply },
    {
      role: 'user',
      content: `That dispatch file is invalid (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}):\n${lines}\n\nReply with the whole corrected dispatch file, fixing every problem.`,
    },
  ];
}
