import { Option, type Command } from 'commander';
import { collect, httpUrl, positiveInteger, positiveNumber } from './run-options.js';

export interface LoadOptions {
  readonly maxWorkers?: number;
  readonly timeout?: number;
  readonly traceDir?: string;
  readonly workspace?: string;
  readonly allowPath?: string[];
  readonly changedSince?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly mcpConfig?: string;
  /** Nothing will run, so model-backed tasks need no model. */
  readonly dryRun?: boolean;
}

/** Every option that decides whether a dispatch is valid, one definition each: commands pick those they take. */
export const DISPATCH_OPTIONS = {
  maxWorkers: () => new Option('--max-workers <n>', 'most tasks running at once (overrides config.max_workers)').argParser(positiveInteger),
  timeout: () => new Option('--timeout <seconds>', 'per-task timeout (overrides config.timeout_seconds)').argParser(positiveNumber),
  traceDir: () => new Option('--trace-dir <dir>', 'where traces go, relative to the current directory (overrides config.trace_dir)'),
  workspace: (fallback = "the file's directory") => new Option('--workspace <dir>', `workspace root, relative to the current directory (overrides workspace_path; default: ${fallback})`),
  allowPath: () => new Option('--allow-path <dir>', 'a directory agents may use besides the workspace, relative to the current directory (repeatable)').argParser(collect),
  changedSince: () => new Option('--changed-since <ref>', 'files changed since this git ref are the "changed" files of for_each'),
  model: (what = 'model-backed tasks') => new Option('--model <provider:model>', `model for ${what} (overrides config.model and PDISPATCH_MODEL)`),
  baseUrl: () => new Option('--base-url <url>', 'API base URL for the model from --model, config.model or PDISPATCH_MODEL'),
  mcpConfig: () => new Option('--mcp-config <file>', "MCP servers tasks' tools come from, as in .mcp.json or .vscode/mcp.json (they win over the file's servers of the same name)"),
} as const;

/** The options `run` and `validate` share: everything that decides whether a dispatch is valid. */
export function addDispatchOptions(command: Command): Command {
  for (const option of Object.values(DISPATCH_OPTIONS)) command.addOption(option());
  return command;
}

/** How a running dispatch is shown and reported: `run`, `rerun` and `ask`. */
export function addProgressOptions(command: Command): Command {
  return command
    .addOption(new Option('--events <file>', 'write scheduler events as NDJSON to a file (- for stderr)'))
    .option('-q, --quiet', 'print no progress on stderr')
    .addOption(new Option('--otlp <url>', 'send the dispatch as OpenTelemetry spans to this OTLP/HTTP endpoint (default: OTEL_EXPORTER_OTLP_ENDPOINT)').argParser(httpUrl));
}

/** The result cache's options: `run`, `rerun`, `mcp` (read with `resultCacheOf`). */
export function addCacheOptions(command: Command): Command {
  return command
    .option('--no-cache', 'run every task, reusing no stored result (and storing none)')
    .addOption(new Option('--cache-dir <dir>', 'the result cache folder, relative to the current directory (default: .pdispatch/cache in the workspace)'))
    .addOption(new Option('--cache-max-size <size>', 'largest the cache folder may grow, e.g. 500MB or 2GiB (overrides config.cache_max_size; default 1GiB)'));
}
