import { formatCount, formatDuration, formatPlanTable, formatTokens, planSummary, stripControlSequences, type PlanRecord, type PreparedDispatch } from '@parallel-dispatcher/core';

/**
 * What stderr shows of a plan before it is written or run: the table (one
 * task a line by level, what it depends on, its shape), then the tasks by
 * agent, the dependencies, the files the plan will write and what planning cost.
 */
export function planOverview(prepared: PreparedDispatch, record: PlanRecord): string {
  const summary = planSummary(prepared);
  const agents = Object.entries(summary.agents)
    .map(([agent, count]) => `${agent} ×${count}`)
    .join(', ');
  const replies = record.rounds.length;
  const lines = [
    formatPlanTable(prepared).trimEnd(),
    `agents: ${agents} · ${plural(summary.dependencies, 'dependency', 'dependencies')}`,
    `writes: ${summary.files_written.length === 0 ? 'no files declared (coder tasks declare theirs)' : summary.files_written.join(', ')}`,
    `planner: ${plural(replies, 'reply', 'replies')}, ${formatTokens(record.input_tokens, record.output_tokens)} tokens, ${formatDuration(record.duration_ms)}`,
  ];
  return `${stripControlSequences(lines.join('\n'))}\n`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
