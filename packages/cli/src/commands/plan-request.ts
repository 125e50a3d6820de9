import fs from 'node:fs/promises';
import path from 'node:path';
import {
  displayPath,
  fileErrorReason,
  formatIssue,
  ModelError,
  planDispatch,
  stripControlSequences,
  writePlanFile,
  type DispatchFile,
  type ModelClient,
  type PlanRecord,
  type PreparedDispatch,
  type ValidationIssue,
} from '@parallel-dispatcher/core';
import { changedFilesSince } from '../changed-files.js';
import { CliUsageError } from '../cli-usage-error.js';
import { ExitCode } from '../exit-codes.js';
import type { StdoutDocument } from '../stdout-document.js';
import { cancelOnSignals } from './cancel-on-signals.js';
import { OVERRIDE_NAMES } from './load-dispatch.js';
import { mcpServersOption } from './mcp-config.js';
import type { PlanningOptions } from './planning-options.js';

/** Stands for `-o` when there is none, to put an invalid plan next to. */
const DEFAULT_PLAN_FILE = 'plan.dispatch.yaml';

/** What `ask` also says of how the plan runs; `plan` leaves it to `pdispatch run`. */
export interface PlanRunOptions {
  readonly traceDir?: string;
  readonly timeout?: number;
}

export type PlanAttempt =
  | {
      readonly kind: 'planned';
      readonly plan: DispatchFile;
      readonly prepared: PreparedDispatch;
      readonly record: PlanRecord;
      readonly model: ModelClient;
      /** The workspace the plan was made for (absolute). */
      readonly workspace: string;
      /** Where `-o` wrote the plan (absolute); null without `-o`. */
      readonly file: string | null;
    }
  /** Still invalid after the repair rounds; the last plan is in `invalidFile` (null when the model gave none). */
  | { readonly kind: 'invalid'; readonly issues: readonly ValidationIssue[]; readonly invalidFile: string | null; readonly record: PlanRecord }
  | { readonly kind: 'cancelled' }
  /** The model could not be asked (refused key, unreachable, …): not the user's input, so exit 1. */
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Turns the request into a valid plan with the host's limits, and writes it
 * to `-o` when given; an invalid last plan is written next to `-o` (or to
 * ./plan.dispatch.yaml.invalid) so the user can edit it. Progress on stderr.
 * Throws CliUsageError / PlanningError for what the user typed (core's planner refuses an empty request).
 */
export async function planRequest(request: string, options: PlanningOptions & PlanRunOptions, model: ModelClient): Promise<PlanAttempt> {
  const cwd = process.cwd();
  const workspace = await existingDirectory(options.workspace ?? cwd, '--workspace');
  const output = options.output === undefined ? undefined : await writableFile(options.output, '-o');
  const changedFiles = options.changedSince === undefined ? undefined : await changedFilesSince(options.changedSince, workspace);
  const servers = await mcpServersOption(options.mcpConfig, workspace);
  const agentsFrom = options.agentsFrom === undefined ? undefined : { path: options.agentsFrom, text: await readOption(options.agentsFrom, '--agents-from') };
  const controller = new AbortController();
  const stopListening = cancelOnSignals(controller, 'planning');
  let outcome: Awaited<ReturnType<typeof planDispatch>>;
  try {
    outcome = await planDispatch({
      request,
      model,
      cwd,
      workspace,
      ...(options.allowPath === undefined ? {} : { allowPaths: options.allowPath }),
      ...(options.context === undefined ? {} : { contextFiles: options.context }),
      ...(agentsFrom === undefined ? {} : { agentsFrom }),
      limits: {
        maxTasks: options.maxTasks,
        maxTasksHint: 'raise it with --max-tasks',
        allowCommands: options.allowShell === true,
        commandsRefusedHint: 'pass --allow-shell',
        ...(options.maxWorkers === undefined ? {} : { maxWorkers: options.maxWorkers }),
      },
      // So that `prepared` runs as `pdispatch run` would run the written plan.
      prepare: {
        overrides: { maxWorkers: options.maxWorkers, timeoutSeconds: options.timeout, traceDir: options.traceDir },
        overrideNames: OVERRIDE_NAMES,
        model: { model: options.model, baseUrl: options.baseUrl },
        ...(changedFiles === undefined ? {} : { changedFiles }),
        ...servers,
      },
      env: process.env,
      signal: controller.signal,
      ...(options.quiet ? {} : { onProgress: (message: string) => process.stderr.write(`${stripControlSequences(message)}\n`) }),
    });
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'cancelled' };
    if (ModelError.isInstance(error)) return { kind: 'failed', message: `planning failed: ${error.message}` };
    throw error;
  } finally {
    stopListening();
  }
  if (!outcome.ok) {
    const invalidFile = outcome.plan === undefined || outcome.plan === null ? null : invalidPlanPath(options.output);
    if (invalidFile !== null) await writePlan(outcome.plan, invalidFile, workspace);
    return { kind: 'invalid', issues: outcome.issues, invalidFile, record: outcome.record };
  }
  if (output !== undefined) await writePlan(outcome.plan, output, workspace);
  return { kind: 'planned', plan: outcome.plan, prepared: outcome.prepared, record: outcome.record, model, workspace, file: output ?? null };
}

/**
 * Says on stderr why there is no plan to go on with, and in the stdout
 * document when the command prints one; returns the exit code.
 */
export function reportNoPlan(attempt: Exclude<PlanAttempt, { kind: 'planned' }>, document: StdoutDocument | undefined): ExitCode {
  switch (attempt.kind) {
    case 'cancelled':
      process.stderr.write('planning cancelled: nothing was written\n');
      document?.printFailure('cancelled', [{ path: '', message: 'planning was cancelled' }]);
      return ExitCode.cancelled;
    case 'failed':
      process.stderr.write(`error: ${stripControlSequences(attempt.message)}\n`);
      document?.printFailure('error', [{ path: '', message: attempt.message }]);
      return ExitCode.taskFailed;
    case 'invalid':
      process.stderr.write(describeInvalidPlan(attempt));
      document?.print({ success: false, status: 'invalid', errors: attempt.issues, invalid_plan_file: attempt.invalidFile });
      return ExitCode.invalid;
  }
}

/** What stderr says of a plan that stayed invalid: every problem, and where the plan is to edit. */
function describeInvalidPlan(attempt: Extract<PlanAttempt, { kind: 'invalid' }>): string {
  const rounds = attempt.record.rounds.length;
  const problems = attempt.issues.map((issue) => `  ${stripControlSequences(formatIssue(issue))}`).join('\n');
  const shown = attempt.invalidFile === null ? undefined : displayPath(attempt.invalidFile, process.cwd());
  const where = shown === undefined ? 'the model gave no plan to keep' : `the last plan is in ${shown}: fix it, then pdispatch run ${shown}`;
  return `error: no valid plan after ${rounds} ${rounds === 1 ? 'reply' : 'replies'}:\n${problems}\n${where}\n`;
}

/**
 * `-o nodes.dispatch.yaml` → `nodes.dispatch.yaml.invalid`: same format
 * (core reads the name without `.invalid`), and no `*.dispatch.yaml` glob
 * or `pdispatch run` picks it up by mistake. Without `-o`,
 * ./plan.dispatch.yaml.invalid.
 */
function invalidPlanPath(output: string | undefined): string {
  return `${path.resolve(output ?? DEFAULT_PLAN_FILE)}.invalid`;
}

async function writePlan(plan: unknown, file: string, workspace: string): Promise<void> {
  try {
    await writePlanFile(plan, file, workspace);
  } catch (error) {
    throw new CliUsageError(`-o: cannot write the plan to ${file}: ${fileErrorReason(error)}`);
  }
}

async function existingDirectory(directory: string, flag: string): Promise<string> {
  const absolute = path.resolve(directory);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) throw new CliUsageError(`${flag} ${directory}: ${stat === undefined ? 'no such directory' : 'not a directory'}`);
  return absolute;
}

/** Checked before the model is asked: a plan paid for must have somewhere to go (core creates missing folders). */
async function writableFile(file: string, flag: string): Promise<string> {
  const absolute = path.resolve(file);
  const existing = await fs.stat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) throw new CliUsageError(`${flag} ${file}: is a directory`);
  return absolute;
}

async function readOption(file: string, flag: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`${flag} ${file}: cannot read it: ${fileErrorReason(error)}`);
  }
}
