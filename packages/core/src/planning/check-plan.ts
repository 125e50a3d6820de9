import type { AgentRegistry } from '../agents/agent-registry.js';
import { prepareDispatch, type DispatchOverrides, type ModelOverrides, type OverrideNames } from '../dispatch/prepare-dispatch.js';
import type { PreparedDispatch } from '../dispatch/prepared-dispatch.js';
import { DispatchValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { dispatchFileSchema, type DispatchFile, type McpServerSpec } from '../schema/dispatch-schema.js';

/** How the host checks a plan: the options it would prepare any dispatch file with, and its limits. */
export interface PlanChecks {
  readonly agents: AgentRegistry;
  readonly cwd: string;
  readonly workspace: string;
  readonly allowPaths: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly allowCommands: boolean;
  readonly commandsRefusedHint: string | undefined;
  readonly fileIsUntrusted: boolean;
  readonly maxTasks: number;
  /** How the host names the task limit, for the message (e.g. "raise it with --max-tasks"). */
  readonly maxTasksHint: string | undefined;
  readonly prepare: PlanPrepareOptions;
}

/** What else the host prepares any dispatch file with; the workspace and roots are the planner's own. */
export interface PlanPrepareOptions {
  readonly overrides?: Omit<DispatchOverrides, 'workspace' | 'allowPaths'>;
  readonly overrideNames?: OverrideNames;
  readonly model?: ModelOverrides;
  /** The files a pull request or `--changed-since` changed, for `for_each: { files: "changed" }`; shown to the planner too. */
  readonly changedFiles?: readonly string[];
  /** The host's MCP servers (as `prepareDispatch`'s `mcpServers`): planned tasks may name their tools; the planner is told their names. */
  readonly mcpServers?: Readonly<Record<string, McpServerSpec>>;
}

export type PlanCheck =
  | { readonly ok: true; readonly plan: DispatchFile; readonly prepared: PreparedDispatch }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Checks a plan as `pdispatch validate` checks any dispatch file, with the
 * host's workspace, roots and command policy, then the planner's own limits:
 * the number of tasks after `for_each` expansion, and a description per task.
 */
export function checkPlan(candidate: unknown, checks: PlanChecks): PlanCheck {
  const issues: ValidationIssue[] = [...missingDescriptions(candidate)];
  let prepared: PreparedDispatch | undefined;
  try {
    prepared = prepareDispatch({
      value: candidate,
      cwd: checks.cwd,
      agents: checks.agents,
      overrides: { ...checks.prepare.overrides, workspace: checks.workspace, allowPaths: checks.allowPaths },
      overrideNames: checks.prepare.overrideNames,
      model: checks.prepare.model,
      changedFiles: checks.prepare.changedFiles,
      env: checks.env,
      hostSuppliesModel: true,
      allowCommands: checks.allowCommands,
      commandsRefusedHint: checks.commandsRefusedHint,
      fileIsUntrusted: checks.fileIsUntrusted,
      ...(checks.prepare.mcpServers === undefined ? {} : { mcpServers: checks.prepare.mcpServers }),
    });
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    issues.unshift(...error.issues);
  }
  // Before expansion when the plan did not prepare: a lower bound, still worth saying.
  const count = prepared?.tasks.size ?? taskList(candidate)?.length ?? 0;
  if (count > checks.maxTasks) {
    const hint = checks.maxTasksHint === undefined ? '' : ` (${checks.maxTasksHint})`;
    const expanded = prepared !== undefined && prepared.tasks.size !== taskList(candidate)?.length ? ' after for_each expansion' : '';
    issues.push({ path: 'tasks', message: `the plan has ${count} tasks${expanded}; at most ${checks.maxTasks} are allowed${hint}` });
  }
  if (issues.length > 0 || prepared === undefined) return { ok: false, issues };
  return { ok: true, plan: dispatchFileSchema.parse(candidate), prepared };
}

/** So each task says why it exists: the reviewer reads the plan before anything runs. */
function missingDescriptions(candidate: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  taskList(candidate)?.forEach((task, index) => {
    const description = typeof task === 'object' && task !== null ? (task as { description?: unknown }).description : undefined;
    // A description of the wrong type is already a schema problem.
    if (description === undefined || (typeof description === 'string' && description.trim() === '')) {
      issues.push({ path: `tasks[${index}].description`, message: 'say in one sentence why this task exists' });
    }
  });
  return issues;
}

function taskList(candidate: unknown): readonly unknown[] | undefined {
  const tasks = typeof candidate === 'object' && candidate !== null ? (candidate as { tasks?: unknown }).tasks : undefined;
  return Array.isArray(tasks) ? tasks : undefined;
}
