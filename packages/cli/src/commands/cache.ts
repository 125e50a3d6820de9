import { Command } from 'commander';

export interface CacheCommandOptions {
  readonly cacheDir?: string;
  readonly maxSize?: string;
  readonly json?: boolean;
}

export function cacheCommand(): Command {
  const dirOption = ['--cache-dir <dir>', 'the result cache folder (default: .pdispatch/cache in the current directory)'] as const;
  return new Command('cache')
    .description('look at or shrink the result cache (where task results are kept for reuse)')
    .addCommand(
      new Command('info')
        .description('where the cache is, how many results it holds and its size')
        .option(...dirOption)
        .option('--json', 'print { dir, entries, blobs, bytes }')
        .action(async (options: CacheCommandOptions) => {
          const { cacheInfo } = await import('./cache-actions.js');
          await cacheInfo(options);
        }),
    )
    .addCommand(
      new Command('prune')
        .description('remove the least recently used results until the cache fits (default: empty it)')
        .option(...dirOption)
        .option('--max-size <size>', 'the size to shrink to, e.g. 500MB or 1GiB (default 0: remove everything)')
        .option('--json', 'print what was removed as JSON')
        .action(async (options: CacheCommandOptions) => {
          const { cachePrune } = await import('./cache-actions.js');
          await cachePrune(options);
        }),
    )
    .addHelpText(
      'after',
      `
Examples:
  pdispatch cache info                         the cache of the workspace in the current directory
  pdispatch cache prune --max-size 200MB       keep the most recently used results that fit in 200MB
  pdispatch cache prune                        remove every stored result`,
    );
}
