import path from 'node:path';
import { closestName, type DispatchIndex, formatBudget, formatDuration, formatUsd, oneLine, readDispatchIndex, readTaskTrace, readTraceFile, statusSymbol, stripControlSequences } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';
import { ExitCode } from '../exit-codes.js';
import { renderTable } from '../render-table.js';
import { terminalJson } from '../terminal-json.js';
import { terminalSafe } from '../terminal-safe.js';
import { answerText } from './answer-text.js';
import { findTraceFile, readIndexes } from './find-trace.js';
import { renderTaskTrace, showValue } from './render-task-trace.js';

export interface ShowOptions {
  readonly traceDir: string;
  readonly json?: boolean;
  readonly list?: boolean;
  readonly task?: string;
}

/** What `show` prints for a target; returns the exit code. */
export async function showTrace(target: string | undefined, options: ShowOptions): Promise<number> {
  const print = (text: string) => process.stdout.write(options.json ? text : stripControlSequences(text));
  if (options.list) {
    print(await listing(target ?? options.traceDir, options.json ?? false));
    return ExitCode.success;
  }
  const found = await readTraceFile(await findTraceFile(target, options.traceDir));
  if (options.task !== undefined) {
    if (found.kind === 'task') throw new CliUsageError(`${found.file} is the trace of task "${found.trace.task_id}"; --task picks a task of a dispatch: give the dispatch instead`);
    if (found.kind !== 'index') throw new CliUsageError(`${found.file} is the ${found.kind}.json of a dispatch; --task picks a task of a dispatch: give the dispatch instead`);
    return printTaskOutput(found.file, found.index, options.task, options.json ?? false);
  }
  // plan.json and synthesis.json have no view of their own: their JSON is it.
  if (found.kind === 'plan' || found.kind === 'synthesis') {
    print(terminalJson(found.kind === 'plan' ? found.plan : found.synthesis));
    return ExitCode.success;
  }
  if (options.json) print(terminalJson(found.kind === 'index' ? found.index : found.trace));
  // Stripped before rendering, so escapes neither count towards column widths nor get cut in half.
  else print(found.kind === 'index' ? render(terminalSafe(found.index)) : renderTaskTrace(terminalSafe(found.trace)));
  return ExitCode.success;
}

/** `--task ID`: the output on stdout; why it did not succeed on stderr. Returns the exit code. */
async function printTaskOutput(indexFile: string, index: DispatchIndex, taskId: string, json: boolean): Promise<number> {
  const entry = index.tasks.find((task) => task.task_id === taskId);
  if (entry === undefined) {
    const close = closestName(taskId, index.tasks.map((task) => task.task_id));
    const hint = close === undefined ? `; its tasks: ${oneLine(index.tasks.map((task) => task.task_id).join(', '), 300)}` : `; did you mean "${close}"?`;
    throw new CliUsageError(`dispatch ${index.dispatch_id} has no task "${taskId}"${hint}`);
  }
  if (entry.status !== 'success') {
    const why = entry.error === null ? '' : `: ${entry.error.message}`;
    process.stderr.write(stripControlSequences(`task ${taskId} ${entry.status}${why}\n`));
  }
  // A task that never ran has no output, and maybe no trace file either.
  const trace = entry.started_at === null && entry.status !== 'success' ? undefined : await readTaskTrace(path.dirname(indexFile), entry.trace_file);
  const output = trace?.output ?? null;
  if (json) process.stdout.write(terminalJson(output));
  else if (output !== null) process.stdout.write(stripControlSequences(`${showValue(output).replace(/\n$/, '')}\n`));
  return entry.status === 'success' ? ExitCode.success : ExitCode.taskFailed;
}

/** `--list`: every dispatch in the trace directory, newest first, as a table or (`--json`) an array. */
async function listing(traceDir: string, json: boolean): Promise<string> {
  const indexes: { file: string; index: DispatchIndex }[] = [];
  for (const file of await readIndexes(path.resolve(traceDir), traceDir)) {
    const index = await readDispatchIndex(file).catch(() => undefined);
    if (index !== undefined) indexes.push({ file, index });
  }
  if (json) {
    const entries = indexes.map(({ file, index }) => ({ dispatch_id: index.dispatch_id, index: file, status: index.status, started_at: index.started_at, total_time_ms: index.total_time_ms, dry_run: index.dry_run, rerun_of: index.rerun_of, summary: index.summary }));
    return terminalJson(entries);
  }
  if (indexes.length === 0) return `no dispatch traces in ${traceDir}\n`;
  const rows = indexes.map(({ index: read }) => {
    const index = terminalSafe(read);
    const { summary } = index;
    return [
      index.dispatch_id,
      `${statusSymbol(index.status === 'failure' ? 'error' : index.status)} ${index.status}`,
      `${summary.success}/${summary.total}`,
      formatDuration(index.total_time_ms),
      notes(index),
    ];
  });
  return renderTable(['DISPATCH', 'STATUS', 'SUCCEEDED', 'WALL TIME', 'NOTE'], rows);
}

/** What sets a dispatch apart in the list: a dry run (nothing was executed), a rerun. */
function notes(index: DispatchIndex): string {
  // Indexes written before reruns existed have no rerun_of.
  const rerunOf = index.rerun_of ?? null;
  return [...(index.dry_run ? ['dry run'] : []), ...(rerunOf === null ? [] : [`rerun of ${rerunOf}`])].join(', ');
}

function render(index: DispatchIndex): string {
  const { summary } = index;
  // Tokens and cost only when a model was called: most command-only dispatches have none.
  const usedModels = summary.input_tokens + summary.output_tokens > 0;
  // Indexes written before budgets have none.
  const budget = summary.budget ?? null;
  const header = [
    `dispatch  ${index.dispatch_id}${index.dry_run ? ' (dry run: nothing was executed)' : ''}`,
    ...((index.rerun_of ?? null) === null ? [] : [`rerun of ${index.rerun_of}`]),
    ...(index.planned_from == null ? [] : [`request   ${oneLine(index.planned_from.request, 200)}`]),
    `status    ${index.status}`,
    `started   ${index.started_at}`,
    `source    ${index.source.path ?? (index.planned_from == null ? 'stdin' : `the plan, kept in ${index.planned_from.plan_file}`)}`,
    `tasks     ${summary.success} succeeded, ${summary.error} failed, ${summary.skipped} skipped, ${summary.cancelled} cancelled (of ${summary.total})`,
    `time      ${formatDuration(summary.wall_time_ms)} wall, ${formatDuration(summary.task_time_ms)} of task time, speedup ${summary.speedup}x, critical path ${formatDuration(summary.critical_path_ms)}`,
    ...(usedModels ? [`tokens    ${summary.input_tokens} in, ${summary.output_tokens} out`, `cost      ${formatUsd(summary.cost_usd ?? null)}`] : []),
    ...(budget === null ? [] : [`budget    ${formatBudget(budget)}`]),
    ...((summary.tool_calls ?? 0) > 0 ? [`tools     ${summary.tool_calls} tool call${summary.tool_calls === 1 ? '' : 's'}`] : []),
  ];
  // The column only when some task called a tool: most dispatches have none.
  const toolCalls = index.tasks.some((task) => (task.tool_calls ?? 0) > 0);
  const rows = index.tasks.map((task) => [
    task.task_id,
    task.agent,
    `${statusSymbol(task.status)} ${task.status}`,
    formatDuration(task.duration_ms),
    String(task.attempts),
    ...(toolCalls ? [String(task.tool_calls ?? 0)] : []),
    ...(usedModels ? [task.input_tokens + task.output_tokens > 0 ? formatUsd(task.cost_usd ?? null) : ''] : []),
    task.error === null ? '' : oneLine(task.error.message, 80),
  ]);
  const headings = ['TASK', 'AGENT', 'STATUS', 'DURATION', 'ATTEMPTS', ...(toolCalls ? ['TOOL CALLS'] : []), ...(usedModels ? ['COST'] : []), 'ERROR'];
  return `${header.join('\n')}\n\n${renderTable(headings, rows)}${synthesisText(index)}`;
}

/** The synthesised answer below the tasks, or why there is none. */
function synthesisText(index: DispatchIndex): string {
  const { synthesis } = index;
  if (synthesis == null) return '';
  if (synthesis.answer === null) return `\nsynthesis failed: ${synthesis.error ?? 'no answer'}\n`;
  return `\n${answerText({ answer: synthesis.answer, highlights: synthesis.highlights, follow_ups: synthesis.follow_ups })}`;
}
