import type { DispatchStatus, TaskStatus } from '@parallel-dispatcher/core';

/** A codicon and the theme colour to draw it in. */
export interface IconModel {
  readonly id: string;
  readonly color?: string;
}

/** What a tree row shows, without the editor's types: the view turns it into a `TreeItem`. */
export interface TreeItemModel {
  /** Stable across refreshes and reloads, so expansion and selection survive. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: IconModel;
  /** Namespaced (`parallelDispatcher:<kind>[:<state>…]`): menus match on it. */
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly command?: { readonly command: string; readonly title: string; readonly arguments: readonly unknown[] };
}

export const CONTEXT_PREFIX = 'parallelDispatcher';

const TASK_ICONS: Record<TaskStatus, IconModel> = {
  pending: { id: 'circle-outline', color: 'disabledForeground' },
  queued: { id: 'clock', color: 'disabledForeground' },
  running: { id: 'loading~spin' },
  retrying: { id: 'loading~spin', color: 'list.warningForeground' },
  success: { id: 'pass', color: 'testing.iconPassed' },
  error: { id: 'error', color: 'testing.iconFailed' },
  skipped: { id: 'debug-step-over', color: 'disabledForeground' },
  cancelled: { id: 'circle-slash', color: 'list.warningForeground' },
};

/** A task a budget stopped: not the plain "cancelled" slash, so it reads as "out of budget" at a glance. */
export const BUDGET_STOP_ICON: IconModel = { id: 'credit-card', color: 'list.warningForeground' };

const DISPATCH_ICONS: Record<DispatchStatus, IconModel> = {
  running: { id: 'loading~spin' },
  success: { id: 'pass-filled', color: 'testing.iconPassed' },
  failure: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash', color: 'list.warningForeground' },
};

export function taskStatusIcon(status: TaskStatus): IconModel {
  return TASK_ICONS[status] ?? { id: 'question' };
}

export function dispatchStatusIcon(status: DispatchStatus): IconModel {
  return DISPATCH_ICONS[status] ?? { id: 'question' };
}
