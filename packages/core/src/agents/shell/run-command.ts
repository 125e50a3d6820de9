import { AgentError } from '../../errors/task-errors.js';
import { errorSummaryLine } from '../../text/error-summary-line.js';
import type { AgentContext } from '../agent.js';
import { cwdProblem } from './cwd-issues.js';
import { runProcess } from './run-process.js';
import type { ShellOutput } from './shell-input.js';
import { withDataFiles } from './task-data-files.js';

export const OUTPUT_LIMIT_BYTES = 1024 * 1024;

/** A shell command line, or a program and its arguments. */
export type CommandLine = { readonly line: string } | { readonly argv: readonly [string, ...string[]] };

/** What a task's input may say about how its command runs (shell tasks and command agents alike). */
export interface ProcessInput {
  readonly cwd?: string | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
  readonly stdin?: string | undefined;
}

/**
 * Runs a task's command with the task's input and its dependencies' outputs
 * in the environment (as files when large). Succeeds iff the exit code is 0.
 */
export async function runCommand(agent: string, command: CommandLine, input: ProcessInput, context: AgentContext): Promise<ShellOutput> {
  const argv: readonly [string, ...string[]] = 'line' in command ? ['/bin/sh', '-c', command.line] : command.argv;
  context.recorder.progress(`running ${'line' in command ? command.line : command.argv.join(' ')}`);
  const cwd = context.paths.require(input.cwd ?? '.', 'cwd');
  const problem = cwdProblem(input.cwd ?? '.', cwd);
  if (problem !== undefined) throw new AgentError(agent, problem);
  const data = { PDISPATCH_INPUT: JSON.stringify(context.rawInput ?? {}), PDISPATCH_DEPENDENCIES: JSON.stringify(context.dependencies) };
  const result = await withDataFiles(data, (dataEnv) =>
    runProcess({
      argv,
      cwd,
      env: { ...context.env, ...input.env, PDISPATCH_TASK_ID: context.taskId, PDISPATCH_ATTEMPT: String(context.attempt), ...dataEnv },
      ...(input.stdin === undefined ? {} : { stdin: input.stdin }),
      signal: context.signal,
      stopNow: context.stopNow,
      outputLimitBytes: OUTPUT_LIMIT_BYTES,
    }),
  );
  const output: ShellOutput = { exit_code: result.exitCode, stdout: result.stdout, stderr: result.stderr, json: parseJson(result.stdout) };
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
    throw new AgentError(agent, `command ${how}${describeError(result.stderr)}`, { output });
  }
  return output;
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return null;
  }
}

function describeError(stderr: string): string {
  const line = errorSummaryLine(stderr) ?? '';
  return line === '' ? '' : `: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`;
}
