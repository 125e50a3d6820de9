import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { AnyAgent } from '../agents/agent.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { createCommandAgent } from '../agents/command-agent.js';
import { DispatchValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { buildTaskGraph } from '../graph/task-graph.js';
import { parseDispatchText } from '../load/parse-dispatch-text.js';
import { PathPolicy } from '../paths/path-policy.js';
import {
  dependenciesOf,
  dispatchConfigSchema,
  dispatchFileSchema,
  taskSpecSchema,
  type CustomAgentSpec,
  type DispatchConfig,
  type TaskSpec,
} from '../schema/dispatch-schema.js';
import { fromZodIssues } from '../schema/zod-issues.js';
import type { PreparedDispatch, PreparedTask } from './prepared-dispatch.js';

/** Settings from the host (command line, action inputs, editor settings) that win over the file. */
export interface DispatchOverrides {
  readonly maxWorkers?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly traceDir?: string | undefined;
  readonly workspace?: string | undefined;
  readonly allowPaths?: readonly string[] | undefined;
}

export interface PrepareOptions {
  readonly text: string;
  /** The file the text came from; undefined for stdin. */
  readonly sourcePath?: string | undefined;
  /** Where relative paths resolve when neither the file nor its location says. */
  readonly cwd: string;
  readonly agents: AgentRegistry;
  readonly overrides?: DispatchOverrides;
  /** False where a dispatch file may come from someone untrusted (a pull request). */
  readonly allowCommands?: boolean;
  /** Why commands are refused, for the message (e.g. "set allow-shell: true"). */
  readonly commandsRefusedHint?: string;
  /** Extra per-task checks (a model for model-backed agents, …); issue paths relative to the task. */
  readonly checkTask?: (task: TaskSpec, agent: AnyAgent, config: DispatchConfig) => ValidationIssue[];
}

/**
 * Everything that can be known before running: the file's syntax and schema,
 * the graph, the agents and each agent's input. Throws a
 * `DispatchValidationError` with every problem found, or returns a dispatch
 * in which nothing can fail before its tasks run.
 */
export function prepareDispatch(options: PrepareOptions): PreparedDispatch {
  const source = options.sourcePath === undefined ? 'stdin' : options.sourcePath;
  const fail = (issues: ValidationIssue[]): never => {
    throw new DispatchValidationError(issues, source);
  };
  const parsed = parseDispatchText(options.text, options.sourcePath);
  if ('issue' in parsed) return fail([parsed.issue]);

  const issues: ValidationIssue[] = [];
  const top = dispatchFileSchema.safeParse(parsed.value);
  if (!top.success) {
    issues.push(...locateProblems(parsed.value));
    return fail(issues.length > 0 ? issues : fromZodIssues(top.error.issues));
  }
  const file = top.data;
  const overrides = options.overrides ?? {};
  const config: DispatchConfig = {
    ...file.config,
    ...(overrides.maxWorkers === undefined ? {} : { max_workers: overrides.maxWorkers }),
    ...(overrides.timeoutSeconds === undefined ? {} : { timeout_seconds: overrides.timeoutSeconds }),
    ...(overrides.traceDir === undefined ? {} : { trace_dir: overrides.traceDir }),
  };
  const baseDir = options.sourcePath === undefined ? options.cwd : path.dirname(path.resolve(options.cwd, options.sourcePath));
  const workspace = path.resolve(baseDir, overrides.workspace ?? file.workspace_path ?? '.');
  const paths = new PathPolicy(workspace, [...(config.allowed_paths ?? []), ...(overrides.allowPaths ?? [])]);

  const agents = options.agents.with(customAgents(config.agents, options.agents, issues));
  const { graph, issues: graphIssues } = buildTaskGraph(file.tasks.map((task) => ({ id: task.task_id, dependencies: dependenciesOf(task) })));
  issues.push(...graphIssues.map(renameAliasPath(file.tasks)));

  const tasks = new Map<string, PreparedTask>();
  file.tasks.forEach((spec, index) => {
    const where = `tasks[${index}]`;
    const agent = agents.get(spec.agent);
    if (agent === undefined) {
      issues.push({ path: `${where}.agent`, message: agents.describeUnknown(spec.agent) });
      return;
    }
    if (agent.runsCommands && options.allowCommands === false) {
      issues.push({
        path: `${where}.agent`,
        message: `agent "${spec.agent}" runs commands, which are not allowed here${options.commandsRefusedHint === undefined ? '' : ` (${options.commandsRefusedHint})`}`,
      });
    }
    const input = agent.inputSchema.safeParse(spec.input_data);
    if (!input.success) {
      issues.push(...fromZodIssues(input.error.issues, ['tasks', index, 'input_data']));
      return;
    }
    const prefix = (issue: ValidationIssue) => ({ path: issue.path === '' ? where : `${where}.${issue.path}`, message: issue.message });
    issues.push(...(agent.checkInput?.(input.data, { workspace, paths }) ?? []).map((issue) => prefix({ ...issue, path: `input_data.${issue.path}` })));
    issues.push(...(options.checkTask?.(spec, agent, config) ?? []).map(prefix));
    tasks.set(spec.task_id, { spec, agent, input: input.data, dependencies: graph.dependencies.get(spec.task_id) ?? [] });
  });
  if (issues.length > 0) fail(issues);

  return {
    file,
    config,
    sourcePath: options.sourcePath === undefined ? null : path.resolve(options.cwd, options.sourcePath),
    sourceSha256: createHash('sha256').update(options.text).digest('hex'),
    workspace,
    traceDir: path.resolve(workspace, config.trace_dir),
    paths,
    graph,
    tasks,
  };
}

/** Agents the file defines; a name that shadows a built-in is an error. */
function customAgents(definitions: Record<string, CustomAgentSpec> | undefined, builtIn: AgentRegistry, issues: ValidationIssue[]): AnyAgent[] {
  const agents: AnyAgent[] = [];
  for (const [name, definition] of Object.entries(definitions ?? {})) {
    if (builtIn.has(name)) {
      issues.push({ path: `config.agents.${name}`, message: `"${name}" is a built-in agent; give the custom agent another name` });
    } else if (definition.kind === 'command') {
      agents.push(createCommandAgent(name, definition));
    } else {
      issues.push({ path: `config.agents.${name}.kind`, message: 'prompt agents are not available in this version' });
    }
  }
  return agents;
}

/** Graph issues name `dependencies`; say `depends_on` when that is what the task wrote. */
function renameAliasPath(tasks: readonly TaskSpec[]) {
  return (issue: ValidationIssue): ValidationIssue => {
    const match = /^tasks\[(\d+)\]\.dependencies/.exec(issue.path);
    if (match === null || tasks[Number(match[1])]?.depends_on === undefined) return issue;
    return { ...issue, path: issue.path.replace('.dependencies', '.depends_on') };
  };
}

/**
 * When the file does not match the schema, checks its parts one by one so
 * that every problem is reported with its path, including graph problems
 * among the tasks that did parse.
 */
function locateProblems(value: unknown): ValidationIssue[] {
  const shape = z.object({ tasks: z.array(z.unknown()).optional(), config: z.unknown().optional() }).loose().safeParse(value);
  if (!shape.success) return fromZodIssues(shape.error.issues);
  const issues: ValidationIssue[] = [];
  const whole = dispatchFileSchema.safeParse(value);
  if (!whole.success) {
    // Problems inside tasks and config are found below, one part at a time.
    const elsewhere = whole.error.issues.filter((issue) => issue.path[0] !== 'config' && !(issue.path[0] === 'tasks' && issue.path.length > 1));
    issues.push(...fromZodIssues(elsewhere));
  }
  if (shape.data.config !== undefined) {
    const config = dispatchConfigSchema.safeParse(shape.data.config);
    if (!config.success) issues.push(...fromZodIssues(config.error.issues, ['config']));
  }
  const tasks = shape.data.tasks ?? [];
  const nodes: { id: string; dependencies: string[] }[] = [];
  const nodeIndex: number[] = [];
  tasks.forEach((task, index) => {
    const result = taskSpecSchema.safeParse(task);
    if (!result.success) issues.push(...fromZodIssues(result.error.issues, ['tasks', index]));
    const loose = z.object({ task_id: z.string(), dependencies: z.array(z.string()).optional(), depends_on: z.array(z.string()).optional() }).loose().safeParse(task);
    if (loose.success) {
      nodes.push({ id: loose.data.task_id, dependencies: loose.data.dependencies ?? loose.data.depends_on ?? [] });
      nodeIndex.push(index);
    }
  });
  issues.push(...buildTaskGraph(nodes, (node) => `tasks[${nodeIndex[node]}]`).issues);
  return issues;
}
