import { Command } from 'commander';
import type { HelpFacts } from '../help-facts.js';
import { DISPATCH_PATHS, dispatchHelp } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { addCacheOptions, addDispatchOptions, addProgressOptions, type LoadOptions } from './dispatch-options.js';
import type { ExecutionOptions } from './run-prepared.js';

interface RunOptions extends LoadOptions, ExecutionOptions {
  readonly synthesize?: boolean;
}

export function runCommand(setExitCode: (code: number) => void, document: StdoutDocument, helpFacts: HelpFacts | undefined): Command {
  const command = new Command('run')
    .description('validate a dispatch file, then run its tasks in parallel and write traces')
    .argument('<file>', 'dispatch file (JSON or YAML), or - to read stdin');
  return addCacheOptions(addProgressOptions(
    addDispatchOptions(command)
      .option('--dry-run', 'schedule and trace every task without running any agent')
      .option('--synthesize', "after the tasks, one model call answers the file's user_prompt from their results (in the document and the traces)"),
  ))
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch run examples/ci-pipeline.dispatch.json', 'run a file (JSON or YAML)'],
          ['pdispatch run - < tasks.json', 'read the dispatch from stdin'],
          ['pdispatch run tasks.yaml --dry-run', 'schedule and trace every task, run none'],
          ['pdispatch run tasks.json --model anthropic:claude-sonnet-4-5', 'pick the model of model-backed tasks'],
          ['pdispatch run review.yaml --changed-since origin/main', 'for_each over the files changed since a git ref'],
          ['pdispatch run tasks.json -q | jq .summary', 'no progress; read the result document'],
          ['pdispatch run nodes.dispatch.yaml --synthesize', 'one answer from all the results at the end'],
        ],
        DISPATCH_PATHS,
        helpFacts,
      ),
    )
    .action(async (file: string, options: RunOptions) => {
      // What runs a dispatch loads only when one runs: --help and --version stay quick.
      const [{ loadDispatch }, { runPrepared }, { synthesisOf }] = await Promise.all([import('./load-dispatch.js'), import('./run-prepared.js'), import('./host-model.js')]);
      const prepared = await loadDispatch(file, options);
      // A dry run has no results to answer from.
      const synthesis = options.synthesize && !options.dryRun ? synthesisOf(prepared, options) : undefined;
      await runPrepared(prepared, options, setExitCode, document, synthesis === undefined ? {} : { synthesis });
    });
}
