import { Command } from 'commander';
import type { HelpFacts } from '../help-facts.js';
import { DISPATCH_PATHS, dispatchHelp } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { addDispatchOptions, type LoadOptions } from './dispatch-options.js';

export function validateCommand(document: StdoutDocument, helpFacts: HelpFacts | undefined): Command {
  const command = new Command('validate')
    .description('check a dispatch file without running anything (exit 0 valid, 2 invalid)')
    .argument('<file>', 'dispatch file (JSON or YAML), or - to read stdin');
  return addDispatchOptions(command)
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch validate tasks.yaml', 'check a file; exit 0 when valid, 2 when not'],
          ['pdispatch validate - < tasks.json', 'check the dispatch on stdin'],
          ['pdispatch validate tasks.json | jq .errors', 'every problem, each with its place in the file'],
        ],
        DISPATCH_PATHS,
        helpFacts,
      ),
    )
    .action(async (file: string, options: LoadOptions) => {
      const { loadDispatch, readyAtStart } = await import('./load-dispatch.js');
      const prepared = await loadDispatch(file, options);
      const agents = [...new Set([...prepared.tasks.values()].map((task) => task.spec.agent))].sort();
      const roots = readyAtStart(prepared);
      const source = file === '-' ? 'stdin' : file;
      process.stderr.write(`${source} is valid: ${prepared.graph.ids.length} task(s), ${roots.length} ready at start, agents: ${agents.join(', ')}\n`);
      document.print({ success: true, status: 'valid', source: prepared.sourcePath, task_count: prepared.graph.ids.length, ready_at_start: roots, agents, trace_dir: prepared.traceDir });
    });
}
