import type { ValidationIssue } from '../../errors/validation-error.js';
import type { Agent } from '../agent.js';
import type { DebugFindings } from './debug-findings.js';
import { debugInputSchema, type DebugInput } from './debug-input.js';

/**
 * Finds the root cause of a problem: gathers evidence without a model
 * (affected files, the traces' frames with their source, at standard a
 * search for the traces' symbols, at deep the git history of the implicated
 * lines), then asks the model once, or at deep twice (hypotheses, then a
 * verdict on each). Git is run only to read history, so the agent is not
 * marked `runsCommands`.
 */
export const debugAgent: Agent<DebugInput, DebugFindings> = {
  name: 'debug',
  description: 'Finds the root cause of a problem from its traces and files with a model; cites the files and lines it rests on',
  inputSchema: debugInputSchema,
  version: 'debug@1',
  usesModel: true,
  runsCommands: false,
  checkInput: (input, { paths }) =>
    input.affected_files.flatMap((file, index): ValidationIssue[] => {
      const where = `affected_files[${index}]`;
      return paths.check(file) === undefined ? [{ path: where, message: paths.describeRefusal(file, where) }] : [];
    }),
  // Validation needs only the schema and the path checks above; the rest loads when a task runs.
  run: async (input, context) => (await import('./run-debug.js')).runDebug(input, context),
};
