/** `350ms`, `12.3s`, `2m03s`, `1h02m`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const STATUS_SYMBOLS: Record<string, string> = {
  success: '✓',
  error: '✗',
  skipped: '↷',
  cancelled: '⊘',
  running: '▶',
  retrying: '↻',
  queued: '…',
  pending: '·',
};

export function statusSymbol(status: string): string {
  return STATUS_SYMBOLS[status] ?? '?';
}

/** Cuts text to one line of at most `width` characters. */
export function oneLine(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}
