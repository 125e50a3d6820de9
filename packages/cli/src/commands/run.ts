import { Command, Option } from 'commander';
import type { HelpFacts } from '../help-facts.js';
import { DISPATCH_PATHS, dispatchHelp } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { addDispatchOptions, type LoadOptions } from './dispatch-options.js';
import type { ExecutionOptions } from './run-prepared.js';

interface RunOptions extends LoadOptions, ExecutionOptions {}

export function runCommand(setExitCode: (code: number) => void, document: StdoutDocument, helpFacts: HelpFacts | undefined): Command {
  const command = new Command('run')
    .description('validate a dispatch file, then run its tasks in parallel and write traces')
    .argument('<file>', 'dispatch file (JSON or YAML), or - to read stdin');
  return addDispatchOptions(command)
    .option('--dry-run', 'schedule and trace every task without running any agent')
    .addOption(new Option('--events <file>', 'write scheduler events as NDJSON to a file (- for stderr)'))
    .option('-q, --quiet', 'print no progress on stderr')
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch run examples/ci-pipeline.dispatch.json', 'run a file (JSON or YAML)'],
          ['pdispatch run - < tasks.json', 'read the dispatch from stdin'],
          ['pdispatch run tasks.yaml --dry-run', 'schedule and trace every task, run none'],
          ['pdispatch run tasks.json --model anthropic:claude-sonnet-4-5', 'pick the model of model-backed tasks'],
          ['pdispatch run review.yaml --changed-since origin/main', 'for_each over the files changed since a git ref'],
          ['pdispatch run tasks.json -q | jq .summary', 'no progress; read the result document'],
        ],
        DISPATCH_PATHS,
        helpFacts,
      ),
    )
    .action(async (file: string, options: RunOptions) => {
      // What runs a dispatch loads only when one runs: --help and --version stay quick.
      const [{ loadDispatch }, { runPrepared }] = await Promise.all([import('./load-dispatch.js'), import('./run-prepared.js')]);
      await runPrepared(await loadDispatch(file, options), options, setExitCode, document);
    });
}
