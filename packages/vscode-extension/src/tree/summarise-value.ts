import { oneLine } from '@parallel-dispatcher/core';

/** Widest a tree row's description gets. */
export const MAX_CHARS = 80;

/** One line saying what a task produced: a shell's exit code and output, a coder's file, or compact JSON. */
export function summariseOutput(output: unknown): string {
  if (output === null || output === undefined) return 'none';
  if (typeof output === 'string') return oneLine(output, MAX_CHARS);
  if (typeof output !== 'object') return String(output);
  const record = output as Record<string, unknown>;
  if ('exit_code' in record && 'stdout' in record) {
    const text = firstLine(typeof record.stdout === 'string' && record.stdout.trim() !== '' ? record.stdout : String(record.stderr ?? ''));
    return oneLine(`exit ${String(record.exit_code)}${text === '' ? '' : ` · ${text}`}`, MAX_CHARS);
  }
  for (const key of ['summary', 'root_cause', 'output_path', 'message', 'result']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return oneLine(`${key}: ${value}`, MAX_CHARS);
  }
  return compactJson(output);
}

/** Compact JSON on one line, cut to fit a tree row. */
export function compactJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return oneLine(text, MAX_CHARS);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
