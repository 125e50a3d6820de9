import { shellQuote } from '../../text/shell-quote.js';
import { runProcess } from '../shell/run-process.js';
import type { CheckResult } from './coder-output.js';

const OUTPUT_LIMIT_BYTES = 64 * 1024;

export interface CheckCommandOptions {
  /** The candidate file the command checks; replaces every `{file}`. */
  readonly file: string;
  /** Where the file goes when the check passes (PDISPATCH_OUTPUT_PATH). */
  readonly outputPath: string;
  readonly taskId: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Kills the processes at once, without the SIGTERM grace (a second Ctrl-C). */
  readonly stopNow?: AbortSignal | undefined;
}

export function expandCheckCommand(command: string, file: string): string {
  return command.replaceAll('{file}', shellQuote(file));
}

/**
 * Runs the task's `check_command` through /bin/sh in the workspace; it
 * passes when it exits 0. Its output is the diagnostics. Rejects on abort,
 * with the process group stopped.
 */
export async function runCheckCommand(command: string, options: CheckCommandOptions): Promise<CheckResult> {
  const line = expandCheckCommand(command, options.file);
  const result = await runProcess({
    argv: ['/bin/sh', '-c', line],
    cwd: options.cwd,
    env: { ...options.env, PDISPATCH_TASK_ID: options.taskId, PDISPATCH_OUTPUT_PATH: options.outputPath },
    signal: options.signal,
    stopNow: options.stopNow,
    outputLimitBytes: OUTPUT_LIMIT_BYTES,
  });
  const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
  const streams = [section('stdout', result.stdout), section('stderr', result.stderr)].filter((text) => text !== '');
  return { name: 'check_command', passed: result.exitCode === 0, diagnostics: [`${line} ${how}`, ...streams].join('\n') };
}

function section(name: string, text: string): string {
  return text.trim() === '' ? '' : `--- ${name} ---\n${text.trimEnd()}`;
}
