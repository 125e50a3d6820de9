import type { AnyAgent } from '../agents/agent.js';
import { builtInAgents } from '../agents/built-in-agents.js';
import { customAgents, prepareDispatch } from '../dispatch/prepare-dispatch.js';
import { DispatchValidationError, formatIssue } from '../errors/validation-error.js';
import type { CustomAgentSpec } from '../schema/dispatch-schema.js';
import { PlanningError } from './planning-error.js';

/** Problems of an invalid agents file shown in the error; the rest are counted. */
const PROBLEMS_SHOWN = 5;

/** The custom agents a dispatch file defines, as the planner offers them and the plan copies them. */
export interface OfferedCustomAgents {
  readonly specs: Readonly<Record<string, CustomAgentSpec>>;
  readonly agents: readonly AnyAgent[];
}

/**
 * Reads the custom agents (`config.agents`) of a dispatch file given to plan
 * with (`--agents-from`). The file must be a valid dispatch file, checked as
 * `pdispatch validate` would with no model needed, else a `PlanningError` lists its problems.
 */
export function agentsFrom(file: { readonly path: string; readonly text: string }, context: { cwd: string; inputName: string; fileIsUntrusted: boolean }): OfferedCustomAgents {
  const builtIn = builtInAgents();
  try {
    // Untrusted like the plan they go into: an agent's model may then not choose its endpoint or key.
    const prepared = prepareDispatch({ text: file.text, sourcePath: file.path, cwd: context.cwd, agents: builtIn, dryRun: true, hostSuppliesModel: true, fileIsUntrusted: context.fileIsUntrusted });
    const specs = prepared.config.agents ?? {};
    if (Object.keys(specs).length === 0) throw new PlanningError({ input: context.inputName, file: file.path, reason: 'defines no agents (config.agents)' });
    return { specs, agents: customAgents(specs, builtIn, []) };
  } catch (error) {
    if (!DispatchValidationError.isInstance(error)) throw error;
    const shown = error.issues.slice(0, PROBLEMS_SHOWN).map((issue) => `  - ${formatIssue(issue)}`);
    const more = error.issues.length > PROBLEMS_SHOWN ? [`  … and ${error.issues.length - PROBLEMS_SHOWN} more`] : [];
    const reason = `is not a valid dispatch file (${error.issues.length === 1 ? '1 problem' : `${error.issues.length} problems`}):\n${[...shown, ...more].join('\n')}`;
    throw new PlanningError({ input: context.inputName, file: file.path, reason }, { cause: error });
  }
}
