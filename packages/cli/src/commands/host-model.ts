import path from 'node:path';
import { createModelClient, resolveModel, type ModelClient, type ModelSpec, type PreparedDispatch } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';

/**
 * The model the command line itself calls (the planner, the synthesis):
 * `--model`/`--base-url`, else the file's `config.model`, else
 * PDISPATCH_MODEL, resolved the way tasks' models are. A missing or bad
 * choice is a usage error naming what needs it, before anything is asked.
 */
export function hostModelClient(options: { readonly model?: string; readonly baseUrl?: string }, purpose: string, config?: ModelSpec): ModelClient {
  const resolution = resolveModel({ override: options.model, overrideBaseUrl: options.baseUrl, config, env: process.env });
  if (!resolution.ok) throw new CliUsageError(`${purpose} ${resolution.problem}`);
  return createModelClient(resolution.model);
}

/** `run --synthesize`: the synthesis answers the file's user_prompt with the host's model, else the file's. */
export function synthesisOf(prepared: PreparedDispatch, options: { readonly model?: string; readonly baseUrl?: string }): { readonly model: ModelClient; readonly request: string } {
  return {
    model: hostModelClient(options, '--synthesize:', prepared.config.model),
    request: prepared.userPrompt ?? `Say what the tasks of ${prepared.sourcePath === null ? 'this dispatch' : path.basename(prepared.sourcePath)} did and what came of them.`,
  };
}
