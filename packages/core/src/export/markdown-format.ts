import { oneLine } from '../text/one-line.js';
import { formatCount } from '../text/format-count.js';

export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Text from a task (an error message, a finding) made safe for a Markdown
 * table cell on GitHub: one line, no raw HTML, no table breaks, and no
 * `@name` that would notify someone (`@types/node` in an npm error, say).
 */
export function markdownText(text: string, width: number): string {
  return escapeMarkdown(oneLine(text, width));
}

/** Text shown as it is in Markdown: no raw HTML, no emphasis, links or table breaks, and no `@name` that notifies someone. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/\|/g, '\\|')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200B');
}

/** Text inside an HTML element such as `<summary>`, where Markdown escapes would show as they are. */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
