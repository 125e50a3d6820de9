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

/** One character for a task's status, the same in the terminal, the job log and the editor's log. */
export function statusSymbol(status: string): string {
  return STATUS_SYMBOLS[status] ?? '?';
}
