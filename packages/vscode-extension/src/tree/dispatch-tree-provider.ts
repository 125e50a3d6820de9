import * as vscode from 'vscode';
import type { DispatchStore, StoreChange } from '../traces/dispatch-store.js';
import type { TraceLibrary } from '../traces/trace-library.js';
import { answerItem, planItem } from './answer-items.js';
import { dispatchItem, taskItem } from './dispatch-items.js';
import { answerNodeId, dispatchNodeId, planNodeId, taskNodeId } from './node-ids.js';
import { DETAIL_GROUPS, detailGroupItems, taskDetailItems, type DetailGroup } from './task-detail-items.js';
import type { TreeItemModel } from './tree-item-model.js';

/** A row of the Dispatches view. One object per id, so refreshes can name the rows that changed. */
export type DispatchTreeNode =
  | { readonly kind: 'dispatch'; readonly id: string; readonly dispatchId: string }
  | { readonly kind: 'answer'; readonly id: string; readonly dispatchId: string }
  | { readonly kind: 'plan'; readonly id: string; readonly dispatchId: string }
  | { readonly kind: 'task'; readonly id: string; readonly dispatchId: string; readonly taskId: string }
  | { readonly kind: 'detail'; readonly id: string; readonly dispatchId: string; readonly taskId: string; readonly group: DetailGroup | undefined; model: TreeItemModel }
  | { readonly kind: 'message'; readonly id: string; readonly model: TreeItemModel };

export class DispatchTreeProvider implements vscode.TreeDataProvider<DispatchTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DispatchTreeNode | DispatchTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, DispatchTreeNode>();
  private readonly subscription: { dispose(): void };
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: DispatchStore,
    private readonly library: TraceLibrary,
  ) {
    this.subscription = store.onDidChange((change) => this.onStoreChange(change));
  }

  getTreeItem(node: DispatchTreeNode): vscode.TreeItem {
    const now = Date.now();
    if (node.kind === 'detail' || node.kind === 'message') return toTreeItem(node.model);
    const dispatch = this.store.get(node.dispatchId);
    if (dispatch === undefined) return new vscode.TreeItem('(gone)');
    if (node.kind === 'dispatch') return toTreeItem(dispatchItem(dispatch, now));
    if (node.kind === 'answer' || node.kind === 'plan') {
      const model = node.kind === 'answer' ? answerItem(dispatch) : planItem(dispatch);
      return model === undefined ? new vscode.TreeItem('(gone)') : toTreeItem(model);
    }
    const task = dispatch.tasks.find((candidate) => candidate.taskId === node.taskId);
    return task === undefined ? new vscode.TreeItem(node.taskId) : toTreeItem(taskItem(dispatch, task, now));
  }

  async getChildren(node?: DispatchTreeNode): Promise<DispatchTreeNode[]> {
    if (node === undefined) return this.store.list().map((dispatch) => this.dispatchNode(dispatch.dispatchId));
    if (node.kind === 'dispatch') {
      const dispatch = this.store.get(node.dispatchId);
      if (dispatch === undefined) return [];
      // The answer first: it is what the dispatch was for.
      const rows: DispatchTreeNode[] = [];
      if (dispatch.synthesis !== null) rows.push(this.intern({ kind: 'answer', id: answerNodeId(dispatch.dispatchId), dispatchId: dispatch.dispatchId }));
      if (dispatch.plannedFrom !== null) rows.push(this.intern({ kind: 'plan', id: planNodeId(dispatch.dispatchId), dispatchId: dispatch.dispatchId }));
      return [...rows, ...dispatch.tasks.map((task) => this.taskNode(node.dispatchId, task.taskId))];
    }
    if (node.kind === 'message' || node.kind === 'answer' || node.kind === 'plan' || (node.kind === 'detail' && node.group === undefined)) return [];
    try {
      const trace = await this.library.taskTrace(node.dispatchId, node.taskId);
      const workspace = this.store.get(node.dispatchId)?.workspace ?? '';
      const models = node.kind === 'task' ? taskDetailItems(node.dispatchId, trace) : detailGroupItems(node.dispatchId, trace, node.group!, workspace);
      return models.map((model) => this.detailNode(node.dispatchId, node.taskId, model));
    } catch (error) {
      const id = `${node.id}/unreadable`;
      const message: DispatchTreeNode = {
        kind: 'message',
        id,
        model: { id, label: 'Trace not readable', description: (error as Error).message, icon: { id: 'warning' }, contextValue: 'parallelDispatcher:message', collapsible: 'none' },
      };
      return [message];
    }
  }

  getParent(node: DispatchTreeNode): DispatchTreeNode | undefined {
    if (node.kind === 'task' || node.kind === 'answer' || node.kind === 'plan') return this.dispatchNode(node.dispatchId);
    if (node.kind === 'detail') {
      const inGroup = DETAIL_GROUPS.some((group) => new RegExp(`/${group}/\\d+$`).test(node.id));
      return inGroup ? this.nodes.get(node.id.slice(0, node.id.lastIndexOf('/'))) : this.taskNode(node.dispatchId, node.taskId);
    }
    return undefined;
  }

  dispatchNode(dispatchId: string): DispatchTreeNode {
    return this.intern({ kind: 'dispatch', id: dispatchNodeId(dispatchId), dispatchId });
  }

  taskNode(dispatchId: string, taskId: string): DispatchTreeNode {
    return this.intern({ kind: 'task', id: taskNodeId(dispatchId, taskId), dispatchId, taskId });
  }

  refreshAll(): void {
    this.changed.fire(undefined);
  }

  private detailNode(dispatchId: string, taskId: string, model: TreeItemModel): DispatchTreeNode {
    const group = DETAIL_GROUPS.find((candidate) => model.id.endsWith(`/${candidate}`));
    const node = this.intern({ kind: 'detail', id: model.id, dispatchId, taskId, group, model });
    if (node.kind === 'detail') node.model = model;
    return node;
  }

  private intern(node: DispatchTreeNode): DispatchTreeNode {
    const known = this.nodes.get(node.id);
    if (known !== undefined) return known;
    this.nodes.set(node.id, node);
    return node;
  }

  private onStoreChange(change: StoreChange): void {
    this.tick();
    if (change.kind === 'list') {
      this.changed.fire(undefined);
      return;
    }
    const dispatch = this.nodes.get(dispatchNodeId(change.dispatchId));
    if (dispatch === undefined) {
      this.changed.fire(undefined);
      return;
    }
    // Only rows already shown can be refreshed by name; the dispatch's row refreshes its children
    // when their list itself changed.
    const tasks = change.structure ? [] : change.taskIds.map((taskId) => this.nodes.get(taskNodeId(change.dispatchId, taskId))).filter((node) => node !== undefined);
    this.changed.fire([dispatch, ...tasks]);
  }

  /** While something runs, its rows' durations move: refresh those rows every second. */
  private tick(): void {
    const running = this.store.list().some((dispatch) => dispatch.status === 'running');
    if (running && this.ticker === undefined) {
      this.ticker = setInterval(() => {
        const rows: DispatchTreeNode[] = [];
        for (const dispatch of this.store.list()) {
          if (dispatch.status !== 'running') continue;
          const node = this.nodes.get(dispatchNodeId(dispatch.dispatchId));
          if (node !== undefined) rows.push(node);
          for (const task of dispatch.tasks) {
            if (task.status !== 'running' && task.status !== 'retrying') continue;
            const taskNode = this.nodes.get(taskNodeId(dispatch.dispatchId, task.taskId));
            if (taskNode !== undefined) rows.push(taskNode);
          }
        }
        if (rows.length > 0) this.changed.fire(rows);
        else this.tick();
      }, 1000);
    } else if (!running && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function toTreeItem(model: TreeItemModel): vscode.TreeItem {
  const state =
    model.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : model.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(model.label, state);
  item.id = model.id;
  item.description = model.description;
  item.tooltip = model.tooltip;
  item.contextValue = model.contextValue;
  if (model.icon !== undefined) item.iconPath = new vscode.ThemeIcon(model.icon.id, model.icon.color === undefined ? undefined : new vscode.ThemeColor(model.icon.color));
  if (model.command !== undefined) item.command = { command: model.command.command, title: model.command.title, arguments: [...model.command.arguments] };
  return item;
}
