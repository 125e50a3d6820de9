import type { ValidationIssue } from '../../errors/validation-error.js';
import type { PathPolicy } from '../../paths/path-policy.js';
import type { Agent } from '../agent.js';
import { coderInputSchema, coderRunsCommand, type CoderInput } from './coder-input.js';
import type { CoderOutput } from './coder-output.js';

/**
 * Writes one file to a contract: asks the model, takes the code out of its
 * reply, checks it as `validation_level` says (at strict, failures go back
 * to the model up to twice) and only then puts it at `output_path`. A failed
 * check leaves any existing file untouched and fails the task with the
 * diagnostics as its output.
 *
 * `check_command` is a host command run by /bin/sh, so only tasks that give
 * one count as running commands.
 */
export const coderAgent: Agent<CoderInput, CoderOutput> = {
  name: 'coder',
  description: 'Writes one file to a contract with a model, checks it (syntax, check_command) and only then writes it',
  inputSchema: coderInputSchema,
  version: 'coder@1',
  usesModel: true,
  runsCommands: coderRunsCommand,
  checkInput: (input, { paths }) => pathIssues(input, paths),
  // Validation needs only the schema and the path checks above; the rest loads when a task runs.
  run: async (input, context) => (await import('./run-coder.js')).runCoder(input, context),
};

function pathIssues(input: CoderInput, paths: PathPolicy): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (paths.check(input.output_path) === undefined) issues.push({ path: 'output_path', message: paths.describeRefusal(input.output_path, 'output_path') });
  input.context_files.forEach((file, index) => {
    const where = `context_files[${index}]`;
    if (paths.check(file) === undefined) issues.push({ path: where, message: paths.describeRefusal(file, where) });
  });
  return issues;
}
