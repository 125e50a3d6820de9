import { Command, CommanderError } from 'commander';
import { askCommand } from './commands/ask.js';
import { cacheCommand } from './commands/cache.js';
import { mcpCommand } from './commands/mcp.js';
import { planCommand } from './commands/plan.js';
import { rerunCommand } from './commands/rerun.js';
import { runCommand } from './commands/run.js';
import { exportCommand } from './commands/export.js';
import { showCommand } from './commands/show.js';
import { validateCommand } from './commands/validate.js';
import { ExitCode } from './exit-codes.js';
import { loadHelpFacts } from './help-text.js';
import { StdoutDocument } from './stdout-document.js';

/**
 * Whether stdout is exactly one JSON document, whatever the outcome: always
 * for `run`, `validate` and `rerun`; for `plan` with `-o` (without, stdout is
 * the plan itself) and `ask --json` (without, the answer). Read from the
 * words typed, as a usage error comes before any option is parsed.
 */
function printsDocument(command: string, argv: readonly string[]): boolean {
  const has = (...flags: string[]) => argv.some((argument) => flags.some((flag) => argument === flag || argument.startsWith(`${flag}=`) || (flag === '-o' && argument.startsWith('-o'))));
  if (command === 'plan') return has('-o', '--output');
  if (command === 'ask') return has('--json');
  return ['run', 'validate', 'rerun'].includes(command);
}

/** Runs `pdispatch` with the given arguments (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], version: string): Promise<number> {
  let exitCode: number = ExitCode.success;
  const document = new StdoutDocument((text) => process.stdout.write(text));
  // Core is loaded by the commands that use it; a command's help lists its agents, so asks for it.
  const helpFacts = asksForCommandHelp(argv) ? await loadHelpFacts() : undefined;
  let command: string | undefined;
  const program = new Command('pdispatch')
    .description('Run a graph of agent tasks in parallel and trace everything')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preSubcommand', (_program, subcommand) => {
      command = subcommand.name();
    })
    .addCommand(runCommand((code) => (exitCode = code), document, helpFacts))
    .addCommand(validateCommand(document, helpFacts))
    .addCommand(showCommand((code) => (exitCode = code)))
    .addCommand(exportCommand())
    .addCommand(rerunCommand((code) => (exitCode = code), document, helpFacts))
    .addCommand(planCommand((code) => (exitCode = code), document, helpFacts))
    .addCommand(askCommand((code) => (exitCode = code), document, helpFacts))
    .addCommand(mcpCommand(version))
    .addCommand(cacheCommand());
  for (const subcommand of program.commands) for (const each of [subcommand, ...subcommand.commands]) each.exitOverride();
  // An exit at once (a second Ctrl-C) still leaves scripts a document to read.
  const onExit = (code: number) => {
    if (command !== undefined && printsDocument(command, argv)) {
      document.printFailure(code === ExitCode.cancelled ? 'cancelled' : 'error', [{ path: '', message: `pdispatch exited with code ${code} before the dispatch ended` }]);
    }
  };
  process.once('exit', onExit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return await reportError(error, command !== undefined && printsDocument(command, argv) ? document : undefined);
  } finally {
    process.off('exit', onExit);
  }
}

/**
 * Errors become a message on stderr and an exit code here, once, at the edge;
 * for the commands that promise one, also the stdout document when the
 * command did not print its own.
 */
async function reportError(error: unknown, document: StdoutDocument | undefined): Promise<number> {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; --help and --version are not failures.
    if (error.exitCode === 0) return ExitCode.success;
    document?.printFailure('invalid', [{ path: 'command line', message: error.message.replace(/^error: /, '') }]);
    return ExitCode.invalid;
  }
  // Loaded only now: it needs core, which --help and --version never load.
  const { describeUserError } = await import('./describe-user-error.js');
  const known = describeUserError(error);
  if (known !== undefined) {
    process.stderr.write(`error: ${known.message}\n`);
    document?.printFailure('invalid', known.errors);
    return ExitCode.invalid;
  }
  process.stderr.write(`pdispatch: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  document?.printFailure('error', [{ path: '', message: error instanceof Error ? error.message : String(error) }]);
  return ExitCode.taskFailed;
}

/** `pdispatch run --help`, `pdispatch help validate`, …: commander is about to print a command's help. */
function asksForCommandHelp(argv: readonly string[]): boolean {
  if (argv[0] === 'help') return argv.length > 1;
  return argv.length > 1 && argv.some((argument) => argument === '--help' || argument === '-h');
}
