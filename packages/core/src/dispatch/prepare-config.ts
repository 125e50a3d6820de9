import path from 'node:path';
import type { ValidationIssue } from '../errors/validation-error.js';
import { pathProblem } from '../paths/path-problem.js';
import { PathPolicy } from '../paths/path-policy.js';
import { dispatchConfigSchema, type DispatchConfig } from '../schema/dispatch-schema.js';
import { fromZodIssues } from '../schema/zod-issues.js';

/** Settings from the host (command line, action inputs, editor settings) that win over the file. */
export interface DispatchOverrides {
  readonly maxWorkers?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  /** Relative to the host's current directory, like every path the host gives. */
  readonly traceDir?: string | undefined;
  readonly workspace?: string | undefined;
  readonly allowPaths?: readonly string[] | undefined;
}

/** How the host names each override in messages: `{ maxWorkers: '--max-workers' }`. */
export type OverrideNames = Partial<Record<keyof DispatchOverrides, string>>;

const CONFIG_FIELDS = { maxWorkers: 'max_workers', timeoutSeconds: 'timeout_seconds', traceDir: 'trace_dir' } as const;

export interface PreparedConfig {
  readonly config: DispatchConfig;
  readonly paths: PathPolicy;
  readonly traceDir: string;
}

/**
 * The file's config with the host's overrides applied. Overrides obey the
 * same rules as the file (`--max-workers 1e9` is refused like
 * `max_workers: 1000000000`), their problems named by the host's name for them.
 */
export function prepareConfig(
  rawConfig: unknown,
  context: { workspace: string; cwd: string; overrides: DispatchOverrides; names: OverrideNames },
  issues: ValidationIssue[],
): PreparedConfig {
  const { overrides, names, cwd, workspace } = context;
  const nameOf = (key: keyof DispatchOverrides) => names[key] ?? `the host's ${key} setting`;
  const parsed = dispatchConfigSchema.safeParse(rawConfig, { reportInput: true });
  if (!parsed.success) issues.push(...fromZodIssues(parsed.error.issues, dispatchConfigSchema, ['config']));
  let config: DispatchConfig = parsed.success ? parsed.data : dispatchConfigSchema.parse({});
  for (const [key, field] of Object.entries(CONFIG_FIELDS) as [keyof typeof CONFIG_FIELDS, (typeof CONFIG_FIELDS)[keyof typeof CONFIG_FIELDS]][]) {
    const value = overrides[key];
    if (value === undefined) continue;
    const schema = dispatchConfigSchema.shape[field];
    const checked = schema.safeParse(value, { reportInput: true });
    if (checked.success) config = { ...config, [field]: checked.data };
    else issues.push(...fromZodIssues(checked.error.issues, schema).map((issue) => ({ path: nameOf(key), message: issue.message.replace(/^the value /, `${field} `) })));
  }

  const allowPaths = overrides.allowPaths ?? [];
  for (const [where, target] of [
    ...(config.allowed_paths ?? []).map((target, index) => [`config.allowed_paths[${index}]`, target] as const),
    ...allowPaths.map((target) => [nameOf('allowPaths'), target] as const),
  ]) {
    const problem = pathProblem(target);
    if (problem !== undefined) issues.push({ path: where, message: `the path ${show(target)} ${problem}` });
  }
  // Paths from the host resolve against its current directory, paths in the file against the workspace.
  const paths = new PathPolicy(workspace, [...(config.allowed_paths ?? []), ...allowPaths.map((target) => path.resolve(cwd, target))]);

  const fromHost = overrides.traceDir !== undefined;
  const traceDir = fromHost ? path.resolve(cwd, config.trace_dir) : path.resolve(workspace, config.trace_dir);
  const where = fromHost ? nameOf('traceDir') : 'config.trace_dir';
  const problem = pathProblem(traceDir);
  if (problem !== undefined) issues.push({ path: where, message: `the trace directory ${show(config.trace_dir)} ${problem}` });
  else if (!fromHost && paths.check(traceDir) === undefined) {
    // Where traces go is the host's choice when outside; a file writing anywhere could overwrite anything.
    issues.push({ path: where, message: `${paths.describeRefusal(config.trace_dir, 'the trace directory')}, or give it with --trace-dir` });
  }
  return { config, paths, traceDir };
}

function show(target: string): string {
  return JSON.stringify(target.length > 200 ? `${target.slice(0, 200)}…` : target);
}
