import type { DispatchEvent, DispatchIndex } from '@parallel-dispatcher/core';
import { countTasks, dispatchStateFromIndex, type DispatchOrigin, type DispatchState } from './dispatch-state.js';
import { applyDispatchEvent, liveDispatchState, mergeUsage, type LiveDispatchStart } from './live-dispatch.js';

/** What changed, so views refresh only those rows: the list itself, or rows of one dispatch. */
export type StoreChange =
  | { readonly kind: 'list' }
  | { readonly kind: 'dispatch'; readonly dispatchId: string; readonly taskIds: readonly string[]; readonly structure: boolean };

/**
 * Every dispatch the editor knows: read from trace folders (the workspace's and opened ones) and
 * those this window runs, updated live from core's events. No editor APIs: views subscribe.
 */
export class DispatchStore {
  private readonly dispatches = new Map<string, DispatchState>();
  private readonly listeners = new Set<(change: StoreChange) => void>();

  onDidChange(listener: (change: StoreChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Newest first. */
  list(): DispatchState[] {
    return [...this.dispatches.values()].sort((a, b) => b.startedAt - a.startedAt || b.dispatchId.localeCompare(a.dispatchId));
  }

  get(dispatchId: string): DispatchState | undefined {
    return this.dispatches.get(dispatchId);
  }

  /** Tasks running right now in every dispatch shown (the view's badge). */
  runningTaskCount(): number {
    let running = 0;
    for (const dispatch of this.dispatches.values()) if (dispatch.status === 'running') running += countTasks(dispatch.tasks).running;
    return running;
  }

  /** A dispatch index read from disk: added, replaced, or (for one running here) merged. */
  upsertIndex(index: DispatchIndex, indexPath: string, traceDir: string, origin: DispatchOrigin): void {
    const known = this.dispatches.get(index.dispatch_id);
    // A dispatch never runs again once it has ended: an index saying so was read before the last
    // write landed (reads of one file can finish out of order).
    if (known !== undefined && known.status !== 'running' && index.status === 'running') return;
    if (known?.live) {
      const changed = mergeUsage(known, index);
      if (changed.length > 0) this.emit({ kind: 'dispatch', dispatchId: known.dispatchId, taskIds: changed, structure: false });
      return;
    }
    const next = dispatchStateFromIndex(index, indexPath, traceDir, known?.origin === 'opened' ? 'opened' : origin);
    this.dispatches.set(index.dispatch_id, next);
    if (known === undefined) {
      this.emit({ kind: 'list' });
      return;
    }
    // The answer and plan rows come and go with the index's synthesis and planned_from.
    const structure =
      known.tasks.length !== next.tasks.length ||
      known.tasks.some((task, n) => task.taskId !== next.tasks[n]?.taskId) ||
      JSON.stringify([known.synthesis, known.plannedFrom]) !== JSON.stringify([next.synthesis, next.plannedFrom]);
    const changed = next.tasks.filter((task, n) => !sameTask(task, known.tasks[n])).map((task) => task.taskId);
    if (structure || changed.length > 0 || known.status !== next.status || known.endedAt !== next.endedAt) {
      this.emit({ kind: 'dispatch', dispatchId: next.dispatchId, taskIds: changed, structure });
    }
  }

  startLive(start: LiveDispatchStart): DispatchState {
    const state = liveDispatchState(start);
    this.dispatches.set(state.dispatchId, state);
    this.emit({ kind: 'list' });
    return state;
  }

  applyEvent(dispatchId: string, event: DispatchEvent): void {
    const state = this.dispatches.get(dispatchId);
    if (state === undefined) return;
    const taskIds = applyDispatchEvent(state, event);
    this.emit({ kind: 'dispatch', dispatchId, taskIds, structure: false });
  }

  /** A dispatch whose run ended without `dispatch-finished` (an exception): show it as its index says next. */
  endLive(dispatchId: string): void {
    const state = this.dispatches.get(dispatchId);
    if (state === undefined || !state.live) return;
    state.live = false;
    if (state.status === 'running') state.status = 'failure';
    this.emit({ kind: 'dispatch', dispatchId, taskIds: [], structure: false });
  }

  /** Forgets dispatches whose index is gone, or every opened one (`origin`). */
  remove(predicate: (dispatch: DispatchState) => boolean): void {
    let removed = false;
    for (const [id, dispatch] of this.dispatches) {
      if (!dispatch.live && predicate(dispatch)) {
        this.dispatches.delete(id);
        removed = true;
      }
    }
    if (removed) this.emit({ kind: 'list' });
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function sameTask(a: DispatchState['tasks'][number], b: DispatchState['tasks'][number] | undefined): boolean {
  return (
    b !== undefined &&
    a.status === b.status &&
    a.durationMs === b.durationMs &&
    a.startedAt === b.startedAt &&
    a.attempts === b.attempts &&
    a.inputTokens === b.inputTokens &&
    a.outputTokens === b.outputTokens &&
    a.costUsd === b.costUsd &&
    a.cache === b.cache &&
    a.toolCalls === b.toolCalls &&
    a.error?.message === b.error?.message
  );
}
