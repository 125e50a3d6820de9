import type { Agent } from '../agent.js';
import { cwdIssues } from './cwd-issues.js';
import { runCommand } from './run-command.js';
import { shellInputSchema, type ShellInput, type ShellOutput } from './shell-input.js';

/** Runs a command line or a program; needs no model. */
export const shellAgent: Agent<ShellInput, ShellOutput> = {
  name: 'shell',
  description: 'Runs a command (`command` through /bin/sh, or `argv` without a shell)',
  inputSchema: shellInputSchema,
  version: 'shell@1',
  usesModel: false,
  runsCommands: true,
  checkInput: (input, context) => cwdIssues(input, context),
  run(input, context) {
    const command = input.command !== undefined ? { line: input.command } : { argv: input.argv as [string, ...string[]] };
    return runCommand('shell', command, input, context);
  },
};
