import type { HelpFacts } from './help-facts.js';

/** Core's facts for help text; loaded only when a command's help is asked for (core is large to load). */
export async function loadHelpFacts(): Promise<HelpFacts> {
  return (await import('./help-facts.js')).helpFacts();
}

/** What a command prints on stdout and what it exits with, as its help says. */
export interface OutputHelp {
  readonly stdout: string;
  readonly exitCodes: string;
}

const DISPATCH_OUTPUT: OutputHelp = {
  stdout: 'stdout carries exactly one JSON document, whatever the outcome; progress and messages go to stderr.',
  exitCodes: 'Exit codes: 0 every task succeeded (valid, for validate), 1 a task failed or was skipped, 2 invalid dispatch or usage, 130 cancelled.',
};

/** Help text after the options of `run`, `validate`, `rerun`, `plan` and `ask`: examples, then what the command draws on. */
export function dispatchHelp(examples: readonly (readonly [string, string])[], paths: string, facts: HelpFacts | undefined, output: OutputHelp = DISPATCH_OUTPUT): string {
  const width = Math.max(...examples.map(([command]) => command.length));
  return [
    '',
    'Examples:',
    ...examples.map(([command, what]) => `  ${command.padEnd(width)}  ${what}`),
    ...(facts === undefined
      ? []
      : [
          '',
          'Agents (a dispatch file can define more under config.agents):',
          ...facts.agents.map(({ name, description }) => `  ${name.padEnd(8)}${description}`),
          '',
          'Environment:',
          ...facts.environment.map(({ name, description }) => `  ${name.padEnd(31)}${description}`),
          `  ${'(api_key_env)'.padEnd(31)}the variable a model's api_key_env names holds its key`,
        ]),
    '',
    `Paths: ${paths}`,
    '',
    output.stdout,
    output.exitCodes,
  ].join('\n');
}

/** What relative paths of `run` and `validate` are relative to. */
export const DISPATCH_PATHS =
  'relative paths on the command line (the file, --trace-dir, --workspace, --allow-path, --mcp-config, --events) are relative to the current directory; ' +
  "paths inside the dispatch file (trace_dir, a task's cwd, …) and a server's cwd in --mcp-config are relative to the workspace: workspace_path, else the file's folder (stdin: the current directory).";

/** What relative paths of `plan` and `ask` are relative to. */
export const PLANNING_PATHS =
  'relative paths on the command line (-o, --context, --agents-from, --workspace, --allow-path, --mcp-config, --trace-dir, --events) are relative to the current directory; ' +
  'the workspace is the current directory unless --workspace says otherwise, and the paths in the plan (and a server\'s cwd in --mcp-config) are relative to it.';
