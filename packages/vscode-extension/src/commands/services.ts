import * as vscode from 'vscode';
import type { DispatchLauncher } from '../dispatch/dispatch-launcher.js';
import type { DispatchRunner } from '../dispatch/dispatch-runner.js';
import type { ApiKeyStore } from '../models/api-key-store.js';
import type { PlanRecords } from '../planning/plan-records.js';
import type { TimelinePanels } from '../timeline/timeline-panels.js';
import type { DispatchState } from '../traces/dispatch-state.js';
import type { DispatchStore } from '../traces/dispatch-store.js';
import type { TraceLibrary } from '../traces/trace-library.js';
import { dispatchItem } from '../tree/dispatch-items.js';
import type { DispatchTreeNode, DispatchTreeProvider } from '../tree/dispatch-tree-provider.js';

/** What the commands work with; made once in `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly store: DispatchStore;
  readonly library: TraceLibrary;
  readonly runner: DispatchRunner;
  readonly launcher: DispatchLauncher;
  readonly apiKeys: ApiKeyStore;
  readonly plans: PlanRecords;
  readonly tree: DispatchTreeProvider;
  readonly treeView: vscode.TreeView<DispatchTreeNode>;
  readonly timelines: TimelinePanels;
}

/** A command's dispatch argument: a tree row, a dispatch id (from notifications and tests), or nothing. */
export function dispatchIdOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (typeof argument === 'object' && argument !== null && 'dispatchId' in argument && typeof argument.dispatchId === 'string') return argument.dispatchId;
  return undefined;
}

/** Asks which dispatch, newest first, among those `filter` keeps; the only one is taken without asking. */
export async function pickDispatch(services: Services, filter: (dispatch: DispatchState) => boolean, placeHolder: string): Promise<DispatchState | undefined> {
  const candidates = services.store.list().filter(filter);
  if (candidates.length <= 1) return candidates[0];
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((dispatch) => {
      const item = dispatchItem(dispatch, now);
      return { label: item.label, description: item.description, dispatch };
    }),
    { placeHolder },
  );
  return picked?.dispatch;
}
