import fs from 'node:fs/promises';
import path from 'node:path';
import type { DispatchIndex } from '@parallel-dispatcher/core';
import { Command } from 'commander';
import { CliUsageError } from '../cli-usage-error.js';
import { formatDuration, oneLine, statusSymbol } from '../format.js';
import { renderTable } from '../render-table.js';

interface ShowOptions {
  readonly traceDir: string;
  readonly json?: boolean;
  readonly list?: boolean;
}

export function showCommand(): Command {
  return new Command('show')
    .description('show a dispatch from its traces as a table (default: the latest in ./traces)')
    .argument('[target]', 'a dispatch index file, a dispatch id, or a trace directory')
    .option('--trace-dir <dir>', 'trace directory to look in', './traces')
    .option('--json', 'print the dispatch index as JSON')
    .option('--list', 'list the dispatches in the trace directory, newest first')
    .action(async (target: string | undefined, options: ShowOptions) => {
      const { readDispatchIndex } = await import('@parallel-dispatcher/core');
      if (options.list) {
        process.stdout.write(await listing(target ?? options.traceDir));
        return;
      }
      const index = await readDispatchIndex(await resolveIndex(target, options.traceDir));
      process.stdout.write(options.json ? `${JSON.stringify(index, null, 2)}\n` : render(index));
    });
}

async function resolveIndex(target: string | undefined, traceDir: string): Promise<string> {
  const { listDispatchIndexes } = await import('@parallel-dispatcher/core');
  const candidate = target ?? traceDir;
  const stat = await fs.stat(candidate).catch(() => undefined);
  if (target === undefined && stat === undefined) throw new CliUsageError(`no dispatch traces in ${traceDir}; run one with: pdispatch run <file>`);
  if (stat?.isFile()) return candidate;
  if (stat?.isDirectory()) {
    const newest = (await listDispatchIndexes(candidate))[0];
    if (newest === undefined) throw new CliUsageError(`no dispatch traces in ${candidate}; run one with: pdispatch run <file>`);
    return newest;
  }
  if (target !== undefined && /^dispatch-/.test(target)) {
    const file = path.join(traceDir, target.endsWith('.json') ? target : `${target}.json`);
    if (await fs.stat(file).catch(() => undefined)) return file;
  }
  throw new CliUsageError(`"${candidate}" is neither a dispatch index, a dispatch id in ${traceDir}, nor a trace directory`);
}

async function listing(traceDir: string): Promise<string> {
  const { listDispatchIndexes, readDispatchIndex } = await import('@parallel-dispatcher/core');
  const rows: string[][] = [];
  for (const file of await listDispatchIndexes(traceDir)) {
    const index = await readDispatchIndex(file).catch(() => undefined);
    if (index === undefined) continue;
    const { summary } = index;
    rows.push([index.dispatch_id, `${statusSymbol(index.status === 'failure' ? 'error' : index.status)} ${index.status}`, `${summary.success}/${summary.total}`, formatDuration(index.total_time_ms)]);
  }
  if (rows.length === 0) return `no dispatch traces in ${traceDir}\n`;
  return renderTable(['DISPATCH', 'STATUS', 'SUCCEEDED', 'WALL TIME'], rows);
}

function render(index: DispatchIndex): string {
  const { summary } = index;
  const header = [
    `dispatch  ${index.dispatch_id}${index.dry_run ? ' (dry run)' : ''}`,
    `status    ${index.status}`,
    `started   ${index.started_at}`,
    `source    ${index.source.path ?? 'stdin'}`,
    `tasks     ${summary.success} succeeded, ${summary.error} failed, ${summary.skipped} skipped, ${summary.cancelled} cancelled (of ${summary.total})`,
    `time      ${formatDuration(summary.wall_time_ms)} wall, ${formatDuration(summary.task_time_ms)} of task time, speedup ${summary.speedup}x, critical path ${formatDuration(summary.critical_path_ms)}`,
    ...(summary.input_tokens + summary.output_tokens > 0 ? [`tokens    ${summary.input_tokens} in, ${summary.output_tokens} out`] : []),
  ];
  const rows = index.tasks.map((task) => [
    task.task_id,
    task.agent,
    `${statusSymbol(task.status)} ${task.status}`,
    formatDuration(task.duration_ms),
    String(task.attempts),
    task.error === null ? '' : oneLine(task.error.message, 80),
  ]);
  return `${header.join('\n')}\n\n${renderTable(['TASK', 'AGENT', 'STATUS', 'DURATION', 'ATTEMPTS', 'ERROR'], rows)}`;
}
