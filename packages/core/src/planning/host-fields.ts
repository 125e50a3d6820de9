import { dispatchConfigSchema, type CustomAgentSpec } from '../schema/dispatch-schema.js';

/** What the host, not the model, decides in a plan. */
export interface HostFields {
  readonly request: string;
  /** The agents-from file's custom agents; none when it was not given. */
  readonly agents: Readonly<Record<string, CustomAgentSpec>> | undefined;
  readonly maxWorkers: number | undefined;
}

/** `config.max_workers` when a plan does not say. */
const DEFAULT_MAX_WORKERS = dispatchConfigSchema.parse({}).max_workers;

/**
 * The model's plan with the fields code owns set by code: `user_prompt` is
 * the request, custom agents are the offered ones, the roots, the model and
 * the MCP servers are the host's (so a plan cannot widen where agents write, or send the
 * host's key to an endpoint of its choosing), and `max_workers` stays under
 * the host's cap. A value that is not an object is left for validation to name.
 */
export function withHostFields(candidate: unknown, host: HostFields): unknown {
  if (!isObject(candidate)) return candidate;
  const { workspace_path: _workspace, user_prompt: _prompt, ...rest } = candidate;
  const config = isObject(rest.config) ? { ...rest.config } : rest.config === undefined ? {} : rest.config;
  if (isObject(config)) {
    delete config.model;
    delete config.allowed_paths;
    // Servers are commands or endpoints: only the host names them.
    delete config.mcp_servers;
    if (host.agents === undefined) delete config.agents;
    else config.agents = host.agents;
    const workers = typeof config.max_workers === 'number' ? config.max_workers : DEFAULT_MAX_WORKERS;
    if (host.maxWorkers !== undefined && workers > host.maxWorkers) config.max_workers = host.maxWorkers;
  }
  if (Array.isArray(rest.tasks)) rest.tasks = rest.tasks.map((task: unknown) => (isObject(task) ? withoutModel(task) : task));
  return { user_prompt: host.request, ...rest, config };
}

function withoutModel(task: Record<string, unknown>): Record<string, unknown> {
  const { model: _model, ...rest } = task;
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
