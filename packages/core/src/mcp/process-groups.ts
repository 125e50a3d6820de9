/**
 * Process groups of servers still running. If the host exits without closing
 * its dispatches (an uncaught error, `process.exit`), the `exit` handler kills
 * them, so no server outlives the dispatch that started it.
 */
const live = new Set<number>();

function killAll(): void {
  for (const group of live) killGroup(group, 'SIGKILL');
}

export function trackGroup(group: number): void {
  if (live.size === 0) process.on('exit', killAll);
  live.add(group);
}

export function untrackGroup(group: number): void {
  if (!live.delete(group)) return;
  if (live.size === 0) process.off('exit', killAll);
}

/** Signals every process of a group (the server and whatever it started); false when none is left. */
export function killGroup(group: number, signal: NodeJS.Signals): boolean {
  try {
    // A negative pid names the group; Windows has no groups, so the server alone is signalled there.
    process.kill(process.platform === 'win32' ? group : -group, signal);
    return true;
  } catch {
    return false;
  }
}
