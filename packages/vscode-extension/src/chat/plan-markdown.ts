import { planSummary, stripControlSequences, type PreparedDispatch } from '@parallel-dispatcher/core';

/** A plan as the chat shows it: one table row per task, in dependency order, then what it will write. */
export function planMarkdown(prepared: PreparedDispatch): string {
  const summary = planSummary(prepared);
  const agents = Object.entries(summary.agents)
    .map(([agent, count]) => (count === 1 ? agent : `${agent} ×${count}`))
    .join(', ');
  const lines = [
    `**Plan: ${summary.tasks} task${summary.tasks === 1 ? '' : 's'}** (${agents}), ${summary.levels.length === 1 ? 'all in parallel' : `in ${summary.levels.length} waves`}`,
    '',
    '| Task | Agent | After | What it does |',
    '| --- | --- | --- | --- |',
  ];
  for (const id of summary.levels.flat()) {
    const task = prepared.tasks.get(id);
    if (task === undefined) continue;
    const after = task.dependencies.length === 0 ? '—' : task.dependencies.map(code).join(', ');
    lines.push(`| ${code(id)} | ${cell(task.spec.agent)} | ${after} | ${cell(task.spec.description ?? '')} |`);
  }
  if (summary.files_written.length > 0) lines.push('', `Writes: ${summary.files_written.map(code).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Table cells hold one line, and a `|` would end the cell; the model's words may hold terminal sequences. */
function cell(text: string): string {
  return stripControlSequences(text).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(text: string): string {
  return `\`${cell(text).replace(/`/g, "'")}\``;
}
