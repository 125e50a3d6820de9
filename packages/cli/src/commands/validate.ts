import { topologicalOrder } from '@parallel-dispatcher/core';
import { Command } from 'commander';
import { loadDispatch, type LoadOptions } from './load-dispatch.js';
import { collect, positiveInteger, positiveNumber } from './run-options.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check a dispatch file without running anything (exit 0 valid, 2 invalid)')
    .argument('<file>', 'dispatch file (JSON or YAML), or - to read stdin')
    .option('--max-workers <n>', 'as for run', positiveInteger)
    .option('--timeout <seconds>', 'as for run', positiveNumber)
    .option('--workspace <dir>', 'workspace root (default: the file\'s directory)')
    .option('--allow-path <dir>', 'a directory agents may use besides the workspace (repeatable)', collect)
    .action(async (file: string, options: LoadOptions) => {
      const prepared = await loadDispatch(file, options);
      const agents = new Set([...prepared.tasks.values()].map((task) => task.spec.agent));
      const roots = topologicalOrder(prepared.graph).filter((id) => prepared.graph.dependencies.get(id)!.length === 0);
      process.stdout.write(
        `${file === '-' ? 'stdin' : file} is valid: ${prepared.graph.ids.length} task(s), ${roots.length} ready at start, agents: ${[...agents].sort().join(', ')}\n`,
      );
    });
}
