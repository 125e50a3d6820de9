import { Command } from 'commander';
import { DISPATCH_PATHS, dispatchHelp } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { addDispatchOptions, loadDispatch, type LoadOptions } from './load-dispatch.js';

export function validateCommand(document: StdoutDocument): Command {
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
      ),
    )
    .action(async (file: string, options: LoadOptions) => {
      const { topologicalOrder } = await import('@parallel-dispatcher/core');
      const prepared = await loadDispatch(file, options);
      const agents = [...new Set([...prepared.tasks.values()].map((task) => task.spec.agent))].sort();
      const roots = topologicalOrder(prepared.graph).filter((id) => prepared.graph.dependencies.get(id)!.length === 0);
      const source = file === '-' ? 'stdin' : file;
      process.stderr.write(`${source} is valid: ${prepared.graph.ids.length} task(s), ${roots.length} ready at start, agents: ${agents.join(', ')}\n`);
      document.print({ success: true, status: 'valid', source: prepared.sourcePath, task_count: prepared.graph.ids.length, ready_at_start: roots, agents, trace_dir: prepared.traceDir });
    });
}
