import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { formatDuration } from '@parallel-dispatcher/core';
import type { DispatchStore } from '../traces/dispatch-store.js';
import { dispatchDuration, dispatchTitle } from '../tree/dispatch-items.js';
import { layoutGantt } from './gantt-layout.js';
import { renderTimelineHtml } from './timeline-html.js';

/** One timeline webview per dispatch, redrawn as the dispatch runs. */
export class TimelinePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly redraws = new Map<string, NodeJS.Timeout>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: DispatchStore,
    private readonly revealTask: (dispatchId: string, taskId: string) => void,
  ) {
    this.subscription = store.onDidChange((change) => {
      if (change.kind === 'dispatch' && this.panels.has(change.dispatchId)) this.scheduleRedraw(change.dispatchId);
    });
  }

  /** Opens (or focuses) the timeline of a dispatch. Returns the panel, for tests. */
  show(dispatchId: string): vscode.WebviewPanel | undefined {
    const dispatch = this.store.get(dispatchId);
    if (dispatch === undefined) return undefined;
    const existing = this.panels.get(dispatchId);
    if (existing !== undefined) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('parallelDispatcher.timeline', `Timeline: ${dispatchTitle(dispatch)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    this.panels.set(dispatchId, panel);
    panel.onDidDispose(() => {
      this.panels.delete(dispatchId);
      clearTimeout(this.redraws.get(dispatchId));
      this.redraws.delete(dispatchId);
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      const taskId = (message as { type?: unknown; taskId?: unknown }).taskId;
      if ((message as { type?: unknown }).type === 'reveal-task' && typeof taskId === 'string') this.revealTask(dispatchId, taskId);
    });
    this.draw(dispatchId);
    return panel;
  }

  private scheduleRedraw(dispatchId: string): void {
    if (this.redraws.has(dispatchId)) return;
    this.redraws.set(
      dispatchId,
      setTimeout(() => {
        this.redraws.delete(dispatchId);
        this.draw(dispatchId);
        // While it runs, bars grow with time even without events.
        if (this.store.get(dispatchId)?.status === 'running') this.scheduleRedraw(dispatchId);
      }, 1000),
    );
  }

  private draw(dispatchId: string): void {
    const panel = this.panels.get(dispatchId);
    const dispatch = this.store.get(dispatchId);
    if (panel === undefined || dispatch === undefined) return;
    const now = Date.now();
    const summary = dispatch.summary;
    const subtitle = [
      `${dispatch.status}${dispatch.dryRun ? ' (dry run)' : ''}`,
      `started ${new Date(dispatch.startedAt).toLocaleString()}`,
      `wall time ${formatDuration(dispatchDuration(dispatch, now))}`,
      summary !== null && summary.speedup > 0 ? `speed-up ${summary.speedup}×` : '',
      summary !== null && summary.critical_path_ms > 0 ? `critical path ${formatDuration(summary.critical_path_ms)}` : '',
      dispatch.dispatchId,
    ].filter((part) => part !== '');
    panel.webview.html = renderTimelineHtml({
      title: dispatchTitle(dispatch),
      subtitle: subtitle.join(' · '),
      layout: layoutGantt(dispatch, now),
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64url'),
    });
    if (dispatch.status === 'running') this.scheduleRedraw(dispatchId);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const timer of this.redraws.values()) clearTimeout(timer);
    for (const panel of this.panels.values()) panel.dispose();
  }
}
