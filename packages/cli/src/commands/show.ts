import { Command } from 'commander';
import { DEFAULT_TRACE_DIR } from './default-trace-dir.js';
import type { ShowOptions } from './show-trace.js';

export function showCommand(setExitCode: (code: number) => void): Command {
  return new Command('show')
    .description('show a dispatch, or one task, from its traces (default: the latest dispatch in ./traces)')
    .argument('[target]', 'a dispatch index, a task trace, a dispatch id, or a trace directory')
    .option('--trace-dir <dir>', 'trace directory to look in', DEFAULT_TRACE_DIR)
    .option('--task <id>', "print one task's output (or its error), e.g. to pipe it on")
    .option('--json', 'print the raw JSON: the dispatch index, the task trace, with --task the output, with --list an array')
    .option('--list', 'list the dispatches in the trace directory, newest first')
    .addHelpText(
      'after',
      `
Examples:
  pdispatch show                                   the latest dispatch in ./traces, as a table
  pdispatch show --list                            every dispatch in ./traces, newest first
  pdispatch show dispatch-20261125_014211-9f3c2a1b --task report
  pdispatch show traces/dispatch-20261125_014211-9f3c2a1b/report.json
  pdispatch show --task package --json | jq .json

Paths (the target, --trace-dir) are relative to the current directory.
With --task the exit code is 0 when the task succeeded, 1 when it did not, 2 when there is no such task.`,
    )
    .action(async (target: string | undefined, options: ShowOptions) => {
      const { showTrace } = await import('./show-trace.js');
      setExitCode(await showTrace(target, options));
    });
}
