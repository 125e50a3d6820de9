import { formatDuration, oneLine, statusSymbol, type TaskTrace } from '@parallel-dispatcher/core';
import { renderTable } from '../render-table.js';

/** A task's trace for people: what it was given, what it produced or why it failed, and what it did on the way. */
export function renderTaskTrace(trace: TaskTrace): string {
  const header = [
    `task      ${trace.task_id} (${trace.agent})${trace.dry_run ? ' (dry run)' : ''}`,
    `dispatch  ${trace.dispatch_id}`,
    `status    ${statusSymbol(trace.status)} ${trace.status}`,
    ...(trace.description === '' ? [] : [`about     ${trace.description}`]),
    ...(trace.file === null ? [] : [`file      ${trace.file}`]),
    ...(trace.dependencies.length === 0 ? [] : [`needs     ${trace.dependencies.join(', ')}`]),
    `time      ${trace.started_at === null ? 'never started' : `${trace.started_at}, ${formatDuration(trace.duration_ms)}`}`,
    ...(trace.error === null ? [] : [`error     ${trace.error.kind}: ${trace.error.message}`]),
  ];
  const sections = [
    section('input', showValue(trace.input)),
    section('output', showValue(trace.output)),
    table('attempts', ['ATTEMPT', 'STATUS', 'DURATION', 'ERROR'], (trace.attempts ?? []).map((attempt) => [
      String(attempt.attempt),
      `${statusSymbol(attempt.status)} ${attempt.status}`,
      formatDuration(attempt.duration_ms),
      attempt.error === undefined ? '' : oneLine(attempt.error.message, 100),
    ])),
    table('model calls', ['PROVIDER', 'MODEL', 'DURATION', 'TOKENS IN', 'OUT', 'FINISH', 'ERROR'], (trace.model_calls ?? []).map((call) => [
      call.provider,
      call.model,
      formatDuration(call.duration_ms),
      String(call.input_tokens),
      String(call.output_tokens),
      call.finish_reason,
      call.error === undefined ? '' : oneLine(call.error, 80),
    ])),
    table('tool calls', ['SERVER', 'TOOL', 'DURATION', 'ERROR', 'ARGUMENTS', 'RESULT'], (trace.tool_calls ?? []).map((call) => [
      call.server,
      call.tool,
      formatDuration(call.duration_ms),
      call.error === null ? '' : oneLine(call.error, 60),
      oneLine(JSON.stringify(call.arguments ?? null), 60),
      call.result === null ? '' : oneLine(call.result, 60),
    ])),
    table('files', ['ACTION', 'PATH', 'BYTES', 'SHA256'], (trace.files ?? []).map((file) => [
      file.action,
      file.path,
      file.bytes === undefined ? '' : String(file.bytes),
      file.sha256 === undefined ? '' : file.sha256.slice(0, 12),
    ])),
  ];
  return `${header.join('\n')}\n${sections.filter((text) => text !== '').join('')}`;
}

/** A task's input or output as it reads best: text as it is, anything else as indented JSON. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null, null, 2);
}

function section(title: string, body: string): string {
  return `\n${title}\n${body.replace(/\n$/, '').replace(/^/gm, '  ')}\n`;
}

function table(title: string, headings: readonly string[], rows: readonly string[][]): string {
  return rows.length === 0 ? '' : section(title, renderTable(headings, rows));
}
