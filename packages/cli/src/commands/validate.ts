import { Command } from 'commander';
import { addDispatchOptions, loadDispatch, type LoadOptions } from './load-dispatch.js';

export function validateCommand(): Command {
  const command = new Command('validate')
    .description('check a dispatch file without running anything (exit 0 valid, 2 invalid)')
    .argument('<file>', 'dispatch file (JSON or YAML), or - to read stdin');
  return addDispatchOptions(command).action(async (file: string, options: LoadOptions) => {
      const { topologicalOrder } = await import('@parallel-dispatcher/core');
      const prepared = await loadDispatch(file, options);
      const agents = new Set([...prepared.tasks.values()].map((task) => task.spec.agent));
      const roots = topologicalOrder(prepared.graph).filter((id) => prepared.graph.dependencies.get(id)!.length === 0);
      process.stdout.write(
        `${file === '-' ? 'stdin' : file} is valid: ${prepared.graph.ids.length} task(s), ${roots.length} ready at start, agents: ${[...agents].sort().join(', ')}\n`,
      );
    });
}
