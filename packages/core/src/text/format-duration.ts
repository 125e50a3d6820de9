/**
 * `350 ms`, `12.3 s`, `2 m 03 s`, `1 h 02 m`: the one way every host shows a duration.
 * `whenUnknown` stands in for a missing, negative or non-finite value (`–` unless a host, say a
 * tree row that leaves empty parts out, asks for something else).
 */
export function formatDuration(ms: number | null | undefined, whenUnknown = '–'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return whenUnknown;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}
