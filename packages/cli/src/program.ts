import { Command, CommanderError } from 'commander';
import { CliUsageError } from './cli-usage-error.js';
import { runCommand } from './commands/run.js';
import { showCommand } from './commands/show.js';
import { validateCommand } from './commands/validate.js';
import { ExitCode } from './exit-codes.js';

/** Runs `pdispatch` with the given arguments (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], version: string): Promise<number> {
  let exitCode: number = ExitCode.success;
  const program = new Command('pdispatch')
    .description('Run a graph of agent tasks in parallel and trace everything')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addCommand(runCommand((code) => (exitCode = code)))
    .addCommand(validateCommand())
    .addCommand(showCommand());
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return await reportError(error);
  }
}

/** Errors become a message and an exit code here, once, at the edge. */
async function reportError(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.success : ExitCode.invalid;
  }
  if (CliUsageError.isInstance(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return ExitCode.invalid;
  }
  // Commands import core when they run, so that --version and --help never load it: any other
  // error comes from a command that has loaded it already.
  const { DispatchValidationError, TraceReadError } = await import('@parallel-dispatcher/core');
  if (DispatchValidationError.isInstance(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    process.stdout.write(`${JSON.stringify({ success: false, status: 'invalid', errors: error.issues }, null, 2)}\n`);
    return ExitCode.invalid;
  }
  if (TraceReadError.isInstance(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return ExitCode.invalid;
  }
  process.stderr.write(`pdispatch: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.taskFailed;
}
