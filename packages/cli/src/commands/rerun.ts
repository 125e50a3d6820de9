import { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error.js';
import type { HelpFacts } from '../help-facts.js';
import { dispatchHelp } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { DEFAULT_TRACE_DIR } from './default-trace-dir.js';
import { addCacheOptions, addProgressOptions, DISPATCH_OPTIONS } from './dispatch-options.js';
import type { RerunOptions } from './rerun-failed.js';
import { collect, positiveInteger, positiveNumber } from './run-options.js';

export function rerunCommand(setExitCode: (code: number) => void, document: StdoutDocument, helpFacts: HelpFacts | undefined): Command {
  const command = new Command('rerun')
    .description("run a dispatch's failed, skipped and cancelled tasks again; the tasks they need that succeeded hand over their recorded outputs")
    .argument('[dispatch]', 'a dispatch index, a dispatch id, or a trace directory (default: the latest dispatch in ./traces)')
    .option('--failed', 'rerun the tasks that failed, were skipped or were cancelled (required: the only kind of rerun so far)')
    .option('--trace-dir <dir>', 'trace directory to look in; the rerun writes its traces beside the dispatch it reruns', DEFAULT_TRACE_DIR)
    .option('--max-workers <n>', 'most tasks running at once (overrides the recorded max_workers)', positiveInteger)
    .option('--timeout <seconds>', 'per-task timeout (overrides the recorded timeout_seconds)', positiveNumber)
    .option('--allow-path <dir>', 'a directory agents may use besides the workspace (repeatable)', collect)
    .option('--model <provider:model>', 'model for model-backed tasks (overrides config.model and PDISPATCH_MODEL)')
    .option('--base-url <url>', 'API base URL for the model from --model, config.model or PDISPATCH_MODEL')
    .addOption(DISPATCH_OPTIONS.mcpConfig())
    .option('--dry-run', 'schedule and trace the tasks without running any agent');
  return addCacheOptions(addProgressOptions(command))
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch rerun --failed', 'rerun the failed tasks of the latest dispatch in ./traces'],
          ['pdispatch rerun dispatch-20261125_014211-9f3c2a1b --failed', 'of that dispatch'],
          ['pdispatch rerun --failed --trace-dir examples/traces', 'of the latest dispatch there'],
        ],
        'relative paths on the command line (the dispatch, --trace-dir, --allow-path, --mcp-config, --events) are relative to the current directory; ' +
          'the tasks run in the workspace the dispatch recorded, with its paths relative to that.',
        helpFacts,
      ),
    )
    .action(async (target: string | undefined, options: RerunOptions) => {
      if (!options.failed) throw new CliUsageError('say which tasks to rerun: pdispatch rerun --failed');
      const { rerunFailed } = await import('./rerun-failed.js');
      await rerunFailed(target, options, setExitCode, document);
    });
}
