/** `850 ms`, `4.2 s`, `3 m 07 s`, `1 h 02 m`: short enough for a tree row. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} m ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** `1.2k tokens`; empty when there were none. */
export function formatTokens(input: number, output: number): string {
  const total = input + output;
  if (total <= 0) return '';
  const amount = total < 1000 ? String(total) : total < 1_000_000 ? `${(total / 1000).toFixed(total < 10_000 ? 1 : 0)}k` : `${(total / 1_000_000).toFixed(1)}M`;
  return `${amount} tokens`;
}

/** Local `HH:MM:SS` for today, `YYYY-MM-DD HH:MM` for older times. */
export function formatStartTime(epochMs: number, now: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const today = new Date(now);
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay ? time : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time.slice(0, 5)}`;
}
