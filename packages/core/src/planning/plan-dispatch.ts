import path from 'node:path';
import { z } from 'zod';
import { builtInAgents } from '../agents/built-in-agents.js';
import type { PreparedDispatch } from '../dispatch/prepared-dispatch.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { ModelClient, ModelMessage } from '../models/model-client.js';
import { ModelError } from '../models/model-error.js';
import { taskModelClient } from '../models/task-model-client.js';
import { displayPath } from '../paths/display-path.js';
import { directoryProblem } from '../paths/path-problem.js';
import { PathPolicy } from '../paths/path-policy.js';
import { dispatchJsonSchema } from '../schema/dispatch-json-schema.js';
import type { DispatchFile } from '../schema/dispatch-schema.js';
import { callTokens, type ModelCallRecord } from '../tracing/model-call-record.js';
import type { PlanRecord, PlanRound } from '../tracing/planning-records.js';
import { agentsFrom } from './agents-from.js';
import { checkPlan, type PlanCheck, type PlanChecks, type PlanPrepareOptions } from './check-plan.js';

export type { PlanPrepareOptions } from './check-plan.js';
import { readContextFiles } from './context-files.js';
import { withHostFields } from './host-fields.js';
import { PlanningError } from './planning-error.js';
import { planMessages, repairMessages } from './plan-prompt.js';
import { workspaceFacts } from './workspace-facts.js';

export const PLAN_RECORD_SCHEMA_VERSION = 1;
const DEFAULT_REPAIR_ROUNDS = 2;

/** What the host enforces on any plan, by code rather than by asking the model. */
export interface PlanLimits {
  /** Most tasks, counted after `for_each` expansion (hosts default to 20: `--max-tasks`). */
  readonly maxTasks: number;
  /** How the host raises the limit, for the message (e.g. "raise it with --max-tasks"). */
  readonly maxTasksHint?: string;
  /** False: no shell or command tasks, no `check_command` (as `prepareDispatch`'s `allowCommands`). */
  readonly allowCommands: boolean;
  /** Why commands are refused, for the message (e.g. "pass --allow-shell"). */
  readonly commandsRefusedHint?: string;
  /** The host's cap on tasks at once: told to the planner, and written into `config.max_workers` when that is larger. */
  readonly maxWorkers?: number;
}

export interface PlanOptions {
  /** The user's words. */
  readonly request: string;
  /** The host's model: an AI SDK client, or the editor's language models. */
  readonly model: ModelClient;
  /** The host's current directory: relative paths the host gives resolve here. */
  readonly cwd: string;
  /** Absolute, existing workspace root. */
  readonly workspace: string;
  /** More allowed roots (`--allow-path`), absolute or relative to `cwd`. */
  readonly allowPaths?: readonly string[];
  /** Files the planner reads (`--context`); each must lie inside the roots. */
  readonly contextFiles?: readonly string[];
  /** A dispatch file whose `config.agents` are offered to the planner and copied into the plan (`--agents-from`). */
  readonly agentsFrom?: { readonly path: string; readonly text: string };
  readonly limits: PlanLimits;
  /** How the host names its inputs in messages; defaults "--context" and "--agents-from". */
  readonly inputNames?: { readonly contextFiles?: string; readonly agentsFrom?: string };
  /**
   * The rest of what the host prepares any dispatch file with (`--trace-dir`, `--timeout`, `--model`, …), so
   * that `prepared` runs as `pdispatch run` would run the written plan. The workspace and roots are the above.
   */
  readonly prepare?: PlanPrepareOptions;
  /** For `prepareDispatch`'s model resolution, and git's environment. Never read from process.env here. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The plan may come from untrusted words (the Action): it may then not set base_url or api_key_env. */
  readonly fileIsUntrusted?: boolean;
  readonly signal?: AbortSignal;
  /** "asking anthropic:claude-…", "plan invalid (3 problems), repair round 1 of 2". */
  readonly onProgress?: (message: string) => void;
  /** Default 2. */
  readonly maxRepairRounds?: number;
}

export type PlanOutcome =
  | {
      readonly ok: true;
      /** The plan as a dispatch file, `user_prompt` the request, a description per task. */
      readonly plan: DispatchFile;
      /** The plan as the host will run it, prepared with the host's options. */
      readonly prepared: PreparedDispatch;
      readonly record: PlanRecord;
    }
  | {
      readonly ok: false;
      /** The last candidate, for the user to edit (`<file>.invalid`). */
      readonly plan: unknown;
      readonly issues: readonly ValidationIssue[];
      readonly record: PlanRecord;
    };

/**
 * Turns a request in plain words into a dispatch file. The model is asked
 * for a dispatch file by its JSON Schema; what it returns is accepted only
 * when it passes the checks any dispatch file passes, under the host's
 * limits. Otherwise its problems go back to the model, at most
 * `maxRepairRounds` times. Inputs that are wrong before any model call
 * (an empty request, the workspace, context files, the agents file) throw a
 * `PlanningError`; a failed model call throws its `ModelError`.
 */
export async function planDispatch(options: PlanOptions): Promise<PlanOutcome> {
  if (options.request.trim() === '') throw new PlanningError({ input: 'the request', reason: 'is empty; say in plain words what the dispatch should do' });
  const workspace = path.resolve(options.cwd, options.workspace);
  // Every round's validation would report it, and the model cannot fix it.
  const workspaceProblem = directoryProblem(workspace);
  if (workspaceProblem !== undefined) throw new PlanningError({ input: 'the workspace', file: workspace, reason: workspaceProblem });
  const started = Date.now();
  const signal = options.signal ?? new AbortController().signal;
  const env = options.env ?? {};
  const allowPaths = (options.allowPaths ?? []).map((root) => path.resolve(options.cwd, root));
  const paths = new PathPolicy(workspace, allowPaths);
  const custom = options.agentsFrom === undefined ? undefined : agentsFrom(options.agentsFrom, {
    cwd: options.cwd,
    inputName: options.inputNames?.agentsFrom ?? '--agents-from',
    fileIsUntrusted: options.fileIsUntrusted === true,
  });
  const contextFiles = await readContextFiles(options.contextFiles ?? [], { cwd: options.cwd, paths, inputName: options.inputNames?.contextFiles ?? '--context' });
  const { limits } = options;
  const registry = builtInAgents().with(custom?.agents ?? []);
  // Agents that always run commands are not even offered where commands are refused.
  const offered = registry.names.map((name) => registry.get(name)!).filter((agent) => limits.allowCommands || agent.runsCommands !== true);
  const first = planMessages({
    request: options.request,
    agents: offered,
    workspace: paths.workspace,
    roots: paths.roots,
    files: await workspaceFacts(paths.workspace, { env, signal }),
    // Hosts may give them absolute (the Action's runner paths); the planner reads them as the tasks will name them.
    changedFiles: options.prepare?.changedFiles?.map((file) => displayPath(path.resolve(paths.workspace, file), paths.workspace)),
    contextFiles,
    maxTasks: limits.maxTasks,
    maxWorkers: limits.maxWorkers,
    allowCommands: limits.allowCommands,
    mcpServers: Object.keys(options.prepare?.mcpServers ?? {}),
  });

  const calls: ModelCallRecord[] = [];
  const model = taskModelClient(options.model, { modelCall: (call) => calls.push(call) }, undefined);
  const rounds: PlanRound[] = [];
  const maxRounds = 1 + Math.max(0, Math.floor(options.maxRepairRounds ?? DEFAULT_REPAIR_ROUNDS));
  const record = (status: PlanRecord['status']): PlanRecord => ({
    schema_version: PLAN_RECORD_SCHEMA_VERSION,
    request: options.request,
    model: { provider: options.model.provider, model: options.model.model },
    context_files: contextFiles.map((file) => file.record),
    model_calls: calls,
    rounds,
    status,
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    ...callTokens(calls),
  });

  const checks: PlanChecks = {
    agents: builtInAgents(),
    cwd: options.cwd,
    workspace: paths.workspace,
    allowPaths,
    env,
    allowCommands: limits.allowCommands,
    commandsRefusedHint: limits.commandsRefusedHint,
    fileIsUntrusted: options.fileIsUntrusted === true,
    maxTasks: limits.maxTasks,
    maxTasksHint: limits.maxTasksHint,
    prepare: options.prepare ?? {},
  };
  const hostFields = { request: options.request, agents: custom?.specs, maxWorkers: limits.maxWorkers };
  const repairs = maxRounds - 1;
  options.onProgress?.(`asking ${options.model.provider}:${options.model.model} for a plan`);
  let messages: ModelMessage[] = first;
  for (let round = 1; ; round++) {
    const reply = await ask(model, messages, signal);
    const candidate = 'object' in reply ? withHostFields(reply.object, hostFields) : reply.text;
    const check: PlanCheck = 'object' in reply ? checkPlan(candidate, checks) : { ok: false, issues: [{ path: '', message: reply.problem }] };
    rounds.push({ round, problems: check.ok ? [] : check.issues });
    if (check.ok) {
      options.onProgress?.(`plan valid: ${check.prepared.tasks.size === 1 ? '1 task' : `${check.prepared.tasks.size} tasks`}`);
      return { ok: true, plan: check.plan, prepared: check.prepared, record: record('valid') };
    }
    const count = check.issues.length === 1 ? '1 problem' : `${check.issues.length} problems`;
    if (round === maxRounds) {
      options.onProgress?.(repairs === 0 ? `plan invalid (${count})` : `plan still invalid (${count}) after ${repairs === 1 ? '1 repair round' : `${repairs} repair rounds`}`);
      return { ok: false, plan: candidate, issues: check.issues, record: record('invalid') };
    }
    options.onProgress?.(`plan invalid (${count}), repair round ${round} of ${repairs}`);
    // The model's own reply goes back, not the candidate with the host's fields, which it was told to leave out.
    messages = repairMessages(first, 'object' in reply ? JSON.stringify(reply.object, null, 2) : reply.text || '(an empty reply)', check.issues);
  }
}

/** Any JSON passes here: the reply is checked as a dispatch file afterwards, with JSON paths. */
const anyJson = z.unknown();

/** The model's plan, or, when the reply was not JSON at all, its text and why. */
async function ask(model: ModelClient, messages: readonly ModelMessage[], signal: AbortSignal): Promise<{ object: unknown } | { text: string; problem: string }> {
  try {
    const reply = await model.generateObject({ messages, signal, schema: anyJson, schemaName: 'dispatch_file', jsonSchema: dispatchJsonSchema() });
    return { object: reply.object };
  } catch (error) {
    // An unusable answer (no JSON) is worth a repair like an invalid plan; a failed call is not.
    if (!ModelError.isInstance(error) || error.reply === undefined || signal.aborted) throw error;
    return { text: error.reply, problem: `the reply is not a JSON dispatch file: ${error.message}` };
  }
}
