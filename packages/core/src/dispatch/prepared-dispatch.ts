import type { AnyAgent } from '../agents/agent.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import type { PathPolicy } from '../paths/path-policy.js';
import type { DispatchConfig, McpServerSpec, TaskSpec } from '../schema/dispatch-schema.js';

/** A task ready to run: its spec, its agent and its input parsed by the agent's schema. */
export interface PreparedTask {
  readonly spec: TaskSpec;
  readonly agent: AnyAgent;
  readonly input: unknown;
  readonly dependencies: readonly string[];
  /** For a copy made by `for_each`: the file it works on, relative to the workspace. */
  readonly file: string | null;
  /** The model for an agent that uses one; undefined when the host supplies it (the editor's models). */
  readonly model: ResolvedModel | undefined;
  /** The MCP tools the task may call; undefined when it may call none (no `tools`, or `max_tool_calls: 0`). */
  readonly tools: PreparedTools | undefined;
}

export interface PreparedTools {
  /** `server.tool` patterns, the task's own or else its agent's. */
  readonly patterns: readonly string[];
  /** Calls one attempt may make: the task's `max_tool_calls`, else its agent's, else the config's, else 20. */
  readonly maxToolCalls: number;
}

/** A dispatch that passed validation: nothing in it can fail before its tasks run. */
export interface PreparedDispatch {
  /** The file's `user_prompt`, recorded in the index. */
  readonly userPrompt: string | null;
  /** The file's config with command-line overrides applied. */
  readonly config: DispatchConfig;
  /** Where the dispatch came from; null for stdin. */
  readonly sourcePath: string | null;
  readonly sourceSha256: string;
  /**
   * The dispatch file's value as read, before overrides and `for_each`: what a planned
   * dispatch's `plan.dispatch.json` is written from when the plan was written nowhere else.
   */
  readonly document: unknown;
  readonly workspace: string;
  readonly traceDir: string;
  readonly paths: PathPolicy;
  readonly graph: TaskGraph;
  readonly tasks: ReadonlyMap<string, PreparedTask>;
  /** The servers tasks may use: the file's (where allowed) and the host's, which win on a shared name. */
  readonly mcpServers: Readonly<Record<string, McpServerSpec>>;
}
