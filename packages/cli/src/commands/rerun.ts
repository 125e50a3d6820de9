import { existsSync } from 'node:fs';
import path from 'node:path';
import { builtInAgents, planRerun, prepareDispatch, readRerunSource, readTraceFile } from '@parallel-dispatcher/core';
import { Command, Option } from 'commander';
import { CliUsageError } from '../cli-usage-error.js';
import { dispatchHelp } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { DEFAULT_TRACE_DIR, findTraceFile } from './find-trace.js';
import { runPrepared, type ExecutionOptions } from './run.js';
import { collect, positiveInteger, positiveNumber } from './run-options.js';

interface RerunOptions extends ExecutionOptions {
  readonly failed?: boolean;
  readonly traceDir: string;
  readonly maxWorkers?: number;
  readonly timeout?: number;
  readonly allowPath?: string[];
  readonly model?: string;
  readonly baseUrl?: string;
}

export function rerunCommand(setExitCode: (code: number) => void, document: StdoutDocument): Command {
  return new Command('rerun')
    .description("run a dispatch's failed, skipped and cancelled tasks again; the tasks they need that succeeded hand over their recorded outputs")
    .argument('[dispatch]', 'a dispatch index, a dispatch id, or a trace directory (default: the latest dispatch in ./traces)')
    .option('--failed', 'rerun the tasks that failed, were skipped or were cancelled (required: the only kind of rerun so far)')
    .option('--trace-dir <dir>', 'trace directory to look in; the rerun writes its traces beside the dispatch it reruns', DEFAULT_TRACE_DIR)
    .option('--max-workers <n>', 'most tasks running at once (overrides the recorded max_workers)', positiveInteger)
    .option('--timeout <seconds>', 'per-task timeout (overrides the recorded timeout_seconds)', positiveNumber)
    .option('--allow-path <dir>', 'a directory agents may use besides the workspace (repeatable)', collect)
    .option('--model <provider:model>', 'model for model-backed tasks (overrides config.model and PDISPATCH_MODEL)')
    .option('--base-url <url>', 'API base URL for the model from --model, config.model or PDISPATCH_MODEL')
    .option('--dry-run', 'schedule and trace the tasks without running any agent')
    .addOption(new Option('--events <file>', 'write scheduler events as NDJSON to a file (- for stderr)'))
    .option('-q, --quiet', 'print no progress on stderr')
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch rerun --failed', 'rerun the failed tasks of the latest dispatch in ./traces'],
          ['pdispatch rerun dispatch-20261125_014211-9f3c2a1b --failed', 'of that dispatch'],
          ['pdispatch rerun --failed --trace-dir examples/traces', 'of the latest dispatch there'],
        ],
        'relative paths on the command line (the dispatch, --trace-dir, --allow-path, --events) are relative to the current directory; ' +
          'the tasks run in the workspace the dispatch recorded, with its paths relative to that.',
      ),
    )
    .action(async (target: string | undefined, options: RerunOptions) => {
      if (!options.failed) throw new CliUsageError('say which tasks to rerun: pdispatch rerun --failed');
      const found = await readTraceFile(await findTraceFile(target, options.traceDir));
      if (found.kind === 'task') throw new CliUsageError(`${found.file} is the trace of task "${found.trace.task_id}"; give its dispatch (the index beside its folder) instead`);
      const source = await readRerunSource(found.file);
      const plan = planRerun(source);
      const { workspace } = source.index;
      if (!existsSync(workspace)) throw new CliUsageError(`${source.index.dispatch_id} ran in ${workspace}, which does not exist here`);
      const prepared = prepareDispatch({
        text: JSON.stringify(plan.file),
        cwd: workspace,
        agents: builtInAgents(),
        overrides: {
          workspace,
          traceDir: path.dirname(found.file),
          maxWorkers: options.maxWorkers,
          timeoutSeconds: options.timeout,
          allowPaths: options.allowPath?.map((directory) => path.resolve(directory)),
        },
        model: { model: options.model, baseUrl: options.baseUrl },
        env: process.env,
      });
      if (!options.quiet) process.stderr.write(`rerunning ${plan.taskIds.join(', ')} of ${plan.rerunOf}${source.originalTasks === undefined ? ' (inputs from the traces)' : ''}\n`);
      await runPrepared(prepared, options, setExitCode, document, plan);
    });
}
