import path from 'node:path';
import * as vscode from 'vscode';
import type { CacheSetting } from './cache-setting.js';

/** The extension's settings, read when a command runs (so changes apply at once). */
export interface ExtensionSettings {
  /** Undefined keeps each dispatch file's `max_workers`. */
  readonly maxWorkers: number | undefined;
  /** Absolute, or undefined to keep each dispatch file's `trace_dir`. */
  readonly traceDir: string | undefined;
  readonly model: string | undefined;
  readonly modelBaseUrl: string | undefined;
  readonly allowShell: boolean;
  readonly dispatchFileGlob: string;
  /** Most tasks a plan made by "Ask…" or @dispatch may have (after for_each expansion). */
  readonly maxPlannedTasks: number;
  /** The result cache: checked when a dispatch runs (see `cacheChoice`). */
  readonly cache: CacheSetting;
}

export function readSettings(folder: vscode.WorkspaceFolder | undefined): ExtensionSettings {
  const config = vscode.workspace.getConfiguration('parallelDispatcher', folder);
  const text = (key: string) => {
    const value = config.get<string>(key, '').trim();
    return value === '' ? undefined : value;
  };
  const maxWorkers = config.get<number>('maxWorkers', 0);
  const traceDir = text('traceDir');
  const maxPlannedTasks = config.get<number>('maxPlannedTasks', 20);
  return {
    maxWorkers: Number.isInteger(maxWorkers) && maxWorkers > 0 ? maxWorkers : undefined,
    traceDir: traceDir === undefined ? undefined : path.resolve(folder?.uri.fsPath ?? process.cwd(), traceDir),
    model: text('model'),
    modelBaseUrl: text('modelBaseUrl'),
    allowShell: config.get<boolean>('allowShell', true),
    dispatchFileGlob: text('dispatchFileGlob') ?? '**/*.dispatch.{json,yaml,yml}',
    maxPlannedTasks: Number.isInteger(maxPlannedTasks) && maxPlannedTasks > 0 ? maxPlannedTasks : 20,
    cache: { enabled: config.get<boolean>('cache.enabled', true) !== false, maxSize: sizeText(config.get<unknown>('cache.maxSize', '')) },
  };
}

/** A size as text, whatever settings.json holds (a number of bytes, or something to name in an error). */
function sizeText(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : JSON.stringify(value) ?? '';
  return text === '' ? undefined : text;
}
