import { z } from 'zod';
import type { Agent } from './agent.js';
import { definitionVersion } from './definition-version.js';
import { cwdIssues } from './shell/cwd-issues.js';
import { runCommand, type CommandLine } from './shell/run-command.js';
import type { ShellOutput } from './shell/shell-input.js';

/** Input of a command agent's task: the preset command gets these, the rest reaches it as PDISPATCH_INPUT. */
const commandTaskInputSchema = z
  .object({
    cwd: z.string().min(1).optional(),
    env: z.record(z.string(), z.string()).optional(),
    stdin: z.string().optional(),
  })
  .loose();

type CommandTaskInput = z.infer<typeof commandTaskInputSchema>;

export interface CommandAgentDefinition {
  readonly description?: string | undefined;
  readonly command?: string | undefined;
  readonly argv?: readonly string[] | undefined;
}

/** An agent defined in a dispatch file as a preset command (`config.agents.<name>.kind: command`). */
export function createCommandAgent(name: string, definition: CommandAgentDefinition): Agent<CommandTaskInput, ShellOutput> {
  const [file, ...args] = definition.argv ?? [];
  const command: CommandLine = definition.command !== undefined ? { line: definition.command } : { argv: [file!, ...args] as [string, ...string[]] };
  return {
    name,
    description: definition.description ?? `Runs ${definition.command ?? definition.argv?.join(' ')}`,
    inputSchema: commandTaskInputSchema,
    version: definitionVersion('command', definition),
    usesModel: false,
    runsCommands: true,
    checkInput: (input, context) => cwdIssues(input, context),
    run: (input, context) => runCommand(name, command, input, context),
  };
}
