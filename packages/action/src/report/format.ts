/** `350 ms`, `12.3 s`, `2 m 03 s`, `1 h 02 m`; `–` when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** `1,234`: the same on every machine, whatever its locale. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Cuts text to one line of at most `width` characters. */
export function oneLine(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Text from a task (an error message, a finding) made safe for a Markdown
 * table cell on GitHub: one line, no raw HTML, no table breaks, and no
 * `@name` that would notify someone (`@types/node` in an npm error, say).
 */
export function markdownText(text: string, width: number): string {
  return oneLine(text, width)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/\|/g, '\\|')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200B');
}

/** An inline code span that holds any text (task ids, paths). */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

const STATUS_LABELS: Record<string, string> = {
  success: '✅ success',
  error: '❌ error',
  skipped: '⏭️ skipped',
  cancelled: '⏹️ cancelled',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}
