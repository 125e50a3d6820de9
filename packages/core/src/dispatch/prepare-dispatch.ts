import path from 'node:path';
import { z } from 'zod';
import type { AnyAgent } from '../agents/agent.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { createCommandAgent } from '../agents/command-agent.js';
import { createPromptAgent, outputSchemaProblem } from '../agents/prompt/prompt-agent.js';
import { DispatchValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { buildTaskGraph } from '../graph/task-graph.js';
import { expandForEach, type LocatedTask } from './expand-for-each.js';
import { readDispatch, type DispatchDocument, type DispatchInput } from '../load/read-dispatch.js';
import { pathInsideRoot } from '../paths/path-inside-root.js';
import { resolveModel, type ResolvedModel } from '../models/resolve-model.js';
import { dependenciesOf, dispatchFileSchema, taskSpecSchema, type CustomAgentSpec, type DispatchConfig, type McpServerSpec, type TaskSpec } from '../schema/dispatch-schema.js';
import { DEFAULT_MAX_TOOL_CALLS } from '../tools/tool-loop.js';
import { dispatchServers, toolPatternIssues } from './mcp-server-checks.js';
import { fromZodIssues } from '../schema/zod-issues.js';
import { prepareConfig, type DispatchOverrides, type OverrideNames } from './prepare-config.js';
import type { PreparedDispatch, PreparedTask, PreparedTools } from './prepared-dispatch.js';

export type { DispatchOverrides, OverrideNames } from './prepare-config.js';

/** How the host chooses a model, over the file's `config.model` (CLI flags, action inputs, editor settings). */
export interface ModelOverrides {
  /** `provider:model`, e.g. `anthropic:claude-sonnet-4-5` or `openai-compatible:llama3.1`. */
  readonly model?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** An API key given directly (action input, editor secret storage); kept out of traces. */
  readonly apiKey?: string | undefined;
}

/**
 * The dispatch itself: its bytes, text or value (see `DispatchInput`), or a
 * `document` the host already read with `readDispatch` (to learn its
 * workspace before listing changed files).
 */
export interface PrepareOptions extends DispatchInput {
  readonly document?: DispatchDocument | undefined;
  /** The file the dispatch came from; undefined for stdin. */
  readonly sourcePath?: string | undefined;
  /** The host's current directory: paths the host gives (overrides) resolve here, and the workspace of stdin. */
  readonly cwd: string;
  readonly agents: AgentRegistry;
  readonly overrides?: DispatchOverrides;
  /** How the host names its overrides in messages (`{ maxWorkers: '--max-workers' }`). */
  readonly overrideNames?: OverrideNames;
  /** Nothing will run (`--dry-run`): tasks need no model, so a missing one is no problem. */
  readonly dryRun?: boolean;
  /** The model choice from the host; with `env`, resolves the model of every model-backed task. */
  readonly model?: ModelOverrides;
  /** Environment for model settings (`PDISPATCH_MODEL`, `OPENAI_API_KEY`, …). Never read from process.env here. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The host runs model-backed tasks that have no configured model with its own
   * client (`runDispatch`'s `modelFor`), so a missing model is not an error.
   */
  readonly hostSuppliesModel?: boolean;
  /**
   * Files for `for_each: { files: "changed" }`, relative to the workspace or
   * absolute (pull-request files, `--changed-since`). The trace directory and
   * dispatch files are left out: the dispatcher's own output is never work for it.
   */
  readonly changedFiles?: readonly string[];
  /** False where commands must not run (the action without allow-shell, an untrusted editor workspace). */
  readonly allowCommands?: boolean;
  /**
   * True when the file may come from someone untrusted (a pull request): it
   * may then not choose where model calls, and the keys they carry, go
   * (`base_url`, `api_key_env`).
   */
  readonly fileIsUntrusted?: boolean;
  /** Why commands are refused, for the message (e.g. "set allow-shell: true"). */
  readonly commandsRefusedHint?: string;
  /** Servers the host defines (--mcp-config, the action's mcp-config input, the editor's .vscode/mcp.json): trusted; they win over the file's servers of the same name. */
  readonly mcpServers?: Readonly<Record<string, McpServerSpec>>;
  /** Why the file's own servers are refused, for the message (e.g. "define servers in the workflow's mcp-config input"). */
  readonly mcpServersRefusedHint?: string;
}

/**
 * Everything that can be known before running: the file's syntax and schema,
 * the graph, the agents and each agent's input. Throws a
 * `DispatchValidationError` with every problem found, or returns a dispatch
 * in which nothing can fail before its tasks run.
 */
export function prepareDispatch(options: PrepareOptions): PreparedDispatch {
  const document = options.document ?? readDispatch({ ...options, workspace: options.overrides?.workspace, workspaceName: options.overrideNames?.workspace });
  const fail = (issues: ValidationIssue[]): never => {
    throw new DispatchValidationError(sortByPlace(issues), options.sourcePath ?? 'stdin');
  };
  const issues: ValidationIssue[] = [];

  // Each part is checked on its own, so one bad part does not hide the problems of the others.
  const whole = topLevelSchema.safeParse(document.value, { reportInput: true });
  if (!whole.success) issues.push(...fromZodIssues(whole.error.issues, dispatchFileSchema));
  const top = tasksAndSettingsSchema.safeParse(document.value);
  if (!top.success) return fail(issues.length > 0 ? issues : [{ path: '', message: 'a dispatch is an object with a "tasks" list' }]);
  const { workspace } = document;
  const { config, paths, traceDir } = prepareConfig(top.data.config === undefined ? {} : top.data.config, {
    workspace,
    cwd: options.cwd,
    overrides: options.overrides ?? {},
    names: options.overrideNames ?? {},
  }, issues);
  const agents = options.agents.with(customAgents(config.agents, options.agents, issues));
  if (options.fileIsUntrusted === true) issues.push(...untrustedEndpoints(top.data.tasks, config));
  const mcpServers = dispatchServers(
    config.mcp_servers ?? {},
    options.mcpServers ?? {},
    { fileIsUntrusted: options.fileIsUntrusted === true, allowCommands: options.allowCommands !== false, hint: options.mcpServersRefusedHint ?? options.commandsRefusedHint },
    issues,
  );
  const serverNames = Object.keys(mcpServers);
  for (const [name, agent] of Object.entries(config.agents ?? {})) {
    if (agent.kind === 'prompt' && agent.tools !== undefined) issues.push(...toolPatternIssues(agent.tools, serverNames, `config.agents.${name}`));
  }

  const parsedTasks: LocatedTask[] = [];
  const unparsed: GraphNode[] = [];
  top.data.tasks.forEach((raw, index) => {
    const task = taskSpecSchema.safeParse(raw, { reportInput: true });
    if (task.success) {
      parsedTasks.push({ spec: task.data, index });
      return;
    }
    issues.push(...fromZodIssues(task.error.issues, taskSpecSchema, ['tasks', index]));
    // A task with other problems still takes part in the graph checks, and its input in its agent's.
    const node = graphNodeSchema.safeParse(raw);
    if (node.success) unparsed.push({ id: node.data.task_id, dependencies: node.data.dependencies ?? node.data.depends_on ?? [], where: `tasks[${index}]` });
    const { agent: name, input_data: inputData = {} } = (typeof raw === 'object' && raw !== null ? raw : {}) as { agent?: unknown; input_data?: unknown };
    const agent = typeof name === 'string' ? agents.get(name) : undefined;
    if (typeof name === 'string' && name !== '' && agent === undefined) issues.push({ path: `tasks[${index}].agent`, message: agents.describeUnknown(name) });
    if (agent !== undefined && typeof inputData === 'object' && inputData !== null && !Array.isArray(inputData)) issues.push(...inputIssues(agent, inputData, `tasks[${index}]`));
  });
  const changedFiles = options.changedFiles === undefined ? undefined : ownFilesLeftOut(options.changedFiles, { workspace, traceDir, sourcePath: document.sourcePath });
  const expansion = expandForEach(parsedTasks, { workspace, changedFiles });
  issues.push(...expansion.issues);
  // Copies made by for_each are named by their id as well as by their template's place.
  const placeOf = (task: LocatedTask) => (task.file === undefined ? `tasks[${task.index}]` : `tasks[${task.index}](${task.spec.task_id})`);
  const nodes: GraphNode[] = [...expansion.tasks.map((task) => ({ id: task.spec.task_id, dependencies: dependenciesOf(task.spec), where: placeOf(task) })), ...unparsed];
  const { graph, issues: graphIssues } = buildTaskGraph(nodes, (node) => nodes[node]!.where);
  issues.push(...graphIssues.map(renameAliasPath(top.data.tasks)));

  const tasks = new Map<string, PreparedTask>();
  for (const located of expansion.tasks) {
    const { spec } = located;
    const where = placeOf(located);
    const agent = agents.get(spec.agent);
    if (agent === undefined) {
      issues.push({ path: `${where}.agent`, message: agents.describeUnknown(spec.agent) });
      continue;
    }
    const input = agent.inputSchema.safeParse(spec.input_data, { reportInput: true });
    if (!input.success) {
      issues.push(...inputIssues(agent, spec.input_data, where));
      continue;
    }
    const runsCommands = typeof agent.runsCommands === 'function' ? agent.runsCommands(input.data) : agent.runsCommands;
    if (runsCommands && options.allowCommands === false) {
      const hint = options.commandsRefusedHint === undefined ? '' : ` (${options.commandsRefusedHint})`;
      issues.push({ path: `${where}.agent`, message: `agent "${spec.agent}" runs commands, which are not allowed here${hint}` });
    }
    for (const issue of agent.checkInput?.(input.data, { workspace, paths, hasDependencies: dependenciesOf(spec).length > 0 }) ?? []) issues.push({ path: `${where}.input_data.${issue.path}`, message: issue.message });
    let model: ResolvedModel | undefined;
    if (agent.usesModel) {
      const custom = config.agents?.[spec.agent];
      const resolved = resolveModel({
        task: spec.model,
        agent: custom?.kind === 'prompt' ? custom.model : undefined,
        override: options.model?.model,
        overrideBaseUrl: options.model?.baseUrl,
        overrideApiKey: options.model?.apiKey,
        config: config.model,
        env: options.env ?? {},
      });
      if (resolved.ok) model = resolved.model;
      else if (!options.hostSuppliesModel && options.dryRun !== true) issues.push({ path: where, message: resolved.problem });
    }
    const tools = preparedTools(spec, config, where, agent.usesModel, serverNames, issues);
    if (!tasks.has(spec.task_id)) {
      tasks.set(spec.task_id, { spec, agent, input: input.data, dependencies: graph.dependencies.get(spec.task_id) ?? [], file: located.file ?? null, model, tools });
    }
  }
  if (issues.length > 0) fail(issues);

  return {
    userPrompt: whole.data?.user_prompt ?? null,
    config,
    sourcePath: document.sourcePath,
    sourceSha256: document.sourceSha256,
    document: document.value,
    workspace,
    traceDir,
    paths,
    graph,
    tasks,
    mcpServers,
  };
}

/** A task's tools: its own patterns or its prompt agent's, with the budget from the nearest place that sets one. */
function preparedTools(spec: TaskSpec, config: DispatchConfig, where: string, usesModel: boolean, servers: readonly string[], issues: ValidationIssue[]): PreparedTools | undefined {
  const custom = config.agents?.[spec.agent];
  const agent = custom?.kind === 'prompt' ? custom : undefined;
  if (spec.tools !== undefined) {
    if (!usesModel) {
      issues.push({ path: `${where}.tools`, message: `agent "${spec.agent}" uses no model, so it cannot call tools; tools are for coder, debug and prompt agents` });
      return undefined;
    }
    issues.push(...toolPatternIssues(spec.tools, servers, where));
  }
  const patterns = spec.tools ?? agent?.tools;
  const maxToolCalls = spec.max_tool_calls ?? agent?.max_tool_calls ?? config.max_tool_calls ?? DEFAULT_MAX_TOOL_CALLS;
  return patterns === undefined || patterns.length === 0 || maxToolCalls === 0 ? undefined : { patterns, maxToolCalls };
}

/** An input's problems by its agent's schema, placed under the task's `input_data`. */
function inputIssues(agent: AnyAgent, inputData: unknown, where: string): ValidationIssue[] {
  const input = agent.inputSchema.safeParse(inputData, { reportInput: true });
  if (input.success) return [];
  return fromZodIssues(input.error.issues, agent.inputSchema).map((issue) => ({
    ...issue,
    path: `${where}.input_data${issue.path === '' || issue.path.startsWith('[') ? '' : '.'}${issue.path}`,
  }));
}

/** Dispatch files: what `pdispatch` reads, never what a per-file task should work on. */
const DISPATCH_FILE = /\.dispatch\.(json|ya?ml)$/i;

/** Changed files without those the dispatcher itself wrote or reads: its traces and dispatch files. */
function ownFilesLeftOut(files: readonly string[], own: { workspace: string; traceDir: string; sourcePath: string | null }): string[] {
  return files.filter((file) => {
    const absolute = path.resolve(own.workspace, file);
    return pathInsideRoot(absolute, own.traceDir) === undefined && absolute !== own.sourcePath && !DISPATCH_FILE.test(absolute);
  });
}

/** The top level with tasks and config left to their own checks. */
const topLevelSchema = dispatchFileSchema.extend({
  tasks: z.array(z.unknown()).min(1, 'a dispatch needs at least one task'),
  config: z.unknown().optional(),
});

/** What the checks after the top level need; the rest of the file may still be wrong. */
const tasksAndSettingsSchema = z.object({ tasks: z.array(z.unknown()), config: z.unknown().optional() }).loose();

interface GraphNode {
  readonly id: string;
  readonly dependencies: readonly string[];
  /** Where the task is in the file, for messages. */
  readonly where: string;
}

/** Just what the graph checks need of a task. */
const graphNodeSchema = z
  .object({ task_id: z.string(), dependencies: z.array(z.string()).optional(), depends_on: z.array(z.string()).optional() })
  .loose();

/** Agents the file defines; a name that shadows a built-in is an error. */
export function customAgents(definitions: Record<string, CustomAgentSpec> | undefined, builtIn: AgentRegistry, issues: ValidationIssue[]): AnyAgent[] {
  const agents: AnyAgent[] = [];
  for (const [name, definition] of Object.entries(definitions ?? {})) {
    if (builtIn.has(name)) {
      issues.push({ path: `config.agents.${name}`, message: `"${name}" is a built-in agent; give the custom agent another name` });
    } else if (definition.kind === 'command') {
      agents.push(createCommandAgent(name, definition));
    } else {
      const problem = definition.output_schema === undefined ? undefined : outputSchemaProblem(definition.output_schema);
      if (problem === undefined) agents.push(createPromptAgent(name, definition));
      else issues.push({ path: `config.agents.${name}.output_schema`, message: problem });
    }
  }
  return agents;
}

/**
 * An untrusted file that picks a model's `base_url` or `api_key_env` could send
 * any secret of the environment to a server of its choosing.
 */
function untrustedEndpoints(tasks: readonly unknown[], config: DispatchConfig): ValidationIssue[] {
  const places: { where: string; model: unknown }[] = [{ where: 'config.model', model: config.model }];
  for (const [name, agent] of Object.entries(config.agents ?? {})) if (agent.kind === 'prompt') places.push({ where: `config.agents.${name}.model`, model: agent.model });
  tasks.forEach((task, index) => places.push({ where: `tasks[${index}].model`, model: (task as { model?: unknown } | null)?.model }));
  const issues: ValidationIssue[] = [];
  for (const { where, model } of places) {
    if (typeof model !== 'object' || model === null) continue;
    for (const field of ['base_url', 'api_key_env'] as const) {
      if (field in model) {
        issues.push({
          path: `${where}.${field}`,
          message: "a dispatch file from an untrusted source may not choose where model calls and their keys go; set the model's endpoint and key in the host instead",
        });
      }
    }
  }
  return issues;
}

/** Graph issues name `dependencies`; say `depends_on` when that is what the task wrote. */
function renameAliasPath(tasks: readonly unknown[]) {
  return (issue: ValidationIssue): ValidationIssue => {
    const match = /^tasks\[(\d+)\](?:\([^)]*\))?\.dependencies/.exec(issue.path);
    const task = match === null ? undefined : tasks[Number(match[1])];
    if (typeof task !== 'object' || task === null || !('depends_on' in task)) return issue;
    return { ...issue, path: issue.path.replace('.dependencies', '.depends_on') };
  };
}

/** Problems in the order they appear in the file: top level, config, then task by task. */
function sortByPlace(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const rank = (issue: ValidationIssue) => {
    const task = /^tasks\[(\d+)\]/.exec(issue.path);
    if (task !== null) return 2 + Number(task[1]);
    return issue.path.startsWith('config') ? 1 : 0;
  };
  return issues.map((issue, order) => ({ issue, order })).sort((a, b) => rank(a.issue) - rank(b.issue) || a.order - b.order).map(({ issue }) => issue);
}
