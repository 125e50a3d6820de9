import fs from 'node:fs/promises';
import {
  builtInAgents,
  DispatchValidationError,
  fileErrorReason,
  PathPolicy,
  prepareDispatch,
  type DispatchConfig,
  type McpServerSpec,
  type PreparedDispatch,
} from '@parallel-dispatcher/core';
import type { ServerLimits } from './mcp-serve-options.js';
import { ToolInputError } from './tool-input-error.js';

/**
 * Prepares a dispatch a client sent (the dispatch itself, or the path of a
 * file in the workspace or an --allow-path root) with the server's limits:
 * its workspace and roots, --max-workers and --max-tokens (a budget) as caps, --trace-dir,
 * --model, commands only with --allow-shell, at most --max-tasks tasks after for_each expansion.
 * Throws DispatchValidationError (every problem, at its place) or ToolInputError.
 */
export async function prepareForClient(dispatch: unknown, limits: ServerLimits, mcpServers: Readonly<Record<string, McpServerSpec>> | undefined): Promise<PreparedDispatch> {
  const source = typeof dispatch === 'string' ? await readInRoots(dispatch, limits) : { value: dispatch };
  const prepared = prepareDispatch({
    ...source,
    cwd: limits.workspace,
    agents: builtInAgents(),
    overrides: { workspace: limits.workspace, allowPaths: limits.allowPath, traceDir: limits.traceDir },
    overrideNames: { workspace: 'the server\'s --workspace', allowPaths: 'the server\'s --allow-path', traceDir: 'the server\'s --trace-dir' },
    model: { model: limits.model, baseUrl: limits.baseUrl },
    env: process.env,
    allowCommands: limits.allowShell === true,
    commandsRefusedHint: 'the server must be started with --allow-shell',
    ...(mcpServers === undefined ? {} : { mcpServers }),
  });
  if (prepared.tasks.size > limits.maxTasks) {
    throw new DispatchValidationError(
      [{ path: 'tasks', message: `the dispatch has ${prepared.tasks.size} tasks after for_each expansion; this server runs at most ${limits.maxTasks} (its --max-tasks)` }],
      prepared.sourcePath ?? 'dispatch',
    );
  }
  return { ...prepared, config: withServerCaps(prepared.config, limits) };
}

/** The dispatch's config with the server's caps: no more workers than --max-workers, no bigger token budget than --max-tokens. */
function withServerCaps(config: DispatchConfig, limits: ServerLimits): DispatchConfig {
  const capped = { ...config, max_workers: Math.min(config.max_workers, limits.maxWorkers) };
  if (limits.maxTokens === undefined) return capped;
  return { ...capped, budget: { ...config.budget, tokens: Math.min(config.budget?.tokens ?? limits.maxTokens, limits.maxTokens) } };
}

async function readInRoots(file: string, limits: ServerLimits): Promise<{ readonly bytes: Uint8Array; readonly sourcePath: string }> {
  const policy = new PathPolicy(limits.workspace, limits.allowPath ?? []);
  const allowed = policy.check(file);
  if (allowed === undefined) throw new ToolInputError(`dispatch "${file}" is outside the server's workspace and --allow-path roots (${policy.roots.join(', ')})`);
  try {
    return { bytes: await fs.readFile(allowed), sourcePath: allowed };
  } catch (error) {
    throw new ToolInputError(`dispatch "${file}": cannot read it: ${fileErrorReason(error)}`);
  }
}
