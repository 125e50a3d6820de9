import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { isDispatchIndexFile, listDispatchIndexes, readDispatchIndex, readTaskTrace, type TaskTrace } from '@parallel-dispatcher/core';
import { readSettings } from '../settings/extension-settings.js';
import type { DispatchOrigin } from './dispatch-state.js';
import type { DispatchStore } from './dispatch-store.js';

const OPENED_KEY = 'parallelDispatcher.openedTraceFolders';
/** Newest dispatches read per trace folder: old runs pile up, and the list is for recent ones. */
const MAX_PER_FOLDER = 200;

/**
 * Finds trace folders (the workspace's, the configured one, and folders the user opened), reads
 * their dispatch indexes into the store, and keeps them current: a file watcher picks up traces
 * written by other processes such as the CLI. Task traces are read on demand and cached.
 */
export class TraceLibrary implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly modified = new Map<string, number>();
  private readonly taskTraces = new Map<string, Promise<TaskTrace>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: DispatchStore,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/dispatch-*.json');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.schedule(uri.fsPath)),
      watcher.onDidChange((uri) => this.schedule(uri.fsPath)),
      watcher.onDidDelete((uri) => this.forget(uri.fsPath)),
      // A finished task's trace replaces whatever was cached for it.
      store.onDidChange((change) => {
        if (change.kind === 'dispatch') for (const taskId of change.taskIds) this.taskTraces.delete(`${change.dispatchId}/${taskId}`);
      }),
    );
  }

  /** Folders opened with "Open Trace Artifact…" or "Open Trace File…", remembered per workspace. */
  openedFolders(): string[] {
    return this.state.get<string[]>(OPENED_KEY, []);
  }

  /** Reads everything again: the workspace's index files, the configured trace folders and opened ones. */
  async refresh(): Promise<void> {
    this.modified.clear();
    this.taskTraces.clear();
    const folders = new Map<string, DispatchOrigin>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const configured = readSettings(folder).traceDir;
      folders.set(configured ?? path.join(folder.uri.fsPath, 'traces'), 'workspace');
    }
    const found = await vscode.workspace.findFiles('**/dispatch-*.json', '{**/node_modules/**,**/.git/**}', 20_000);
    for (const uri of found) if (isDispatchIndexFile(uri.fsPath)) folders.set(path.dirname(uri.fsPath), 'workspace');
    for (const folder of this.openedFolders()) folders.set(folder, 'opened');
    await Promise.all([...folders].map(([folder, origin]) => this.loadFolder(folder, origin)));
    // Index files deleted while nobody watched.
    const present = new Set<string>();
    for (const folder of folders.keys()) for (const file of await listDispatchIndexes(folder).catch(() => [])) present.add(file);
    this.store.remove((dispatch) => !present.has(dispatch.indexPath));
  }

  /** Adds a trace folder from outside the workspace (an artifact) and reads it. Returns the dispatch ids found. */
  async openFolder(folder: string): Promise<string[]> {
    const opened = this.openedFolders();
    if (!opened.includes(folder)) await this.state.update(OPENED_KEY, [...opened, folder]);
    return this.loadFolder(folder, 'opened');
  }

  /** Forgets every opened folder (the workspace's traces stay). */
  async closeOpenedFolders(): Promise<void> {
    await this.state.update(OPENED_KEY, []);
    this.store.remove((dispatch) => dispatch.origin === 'opened');
  }

  async loadFolder(folder: string, origin: DispatchOrigin): Promise<string[]> {
    const files = (await listDispatchIndexes(folder).catch((error: Error) => {
      this.log.warn(`cannot list ${folder}: ${error.message}`);
      return [];
    })).slice(0, MAX_PER_FOLDER);
    const ids = await Promise.all(files.map((file) => this.loadIndex(file, origin)));
    return ids.filter((id): id is string => id !== undefined);
  }

  /** Reads one index file into the store (unless unchanged since last read). Returns its dispatch id. */
  async loadIndex(file: string, origin: DispatchOrigin): Promise<string | undefined> {
    try {
      const stat = await fs.stat(file);
      const known = this.store.list().find((dispatch) => dispatch.indexPath === file);
      if (this.modified.get(file) === stat.mtimeMs && known !== undefined) return known.dispatchId;
      const index = await readDispatchIndex(file);
      this.modified.set(file, stat.mtimeMs);
      this.store.upsertIndex(index, file, path.dirname(file), origin);
      return index.dispatch_id;
    } catch (error) {
      this.log.warn(`skipping ${file}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** A task's trace file, read once per change of the task. */
  taskTrace(dispatchId: string, taskId: string): Promise<TaskTrace> {
    const key = `${dispatchId}/${taskId}`;
    let trace = this.taskTraces.get(key);
    if (trace === undefined) {
      const dispatch = this.store.get(dispatchId);
      const task = dispatch?.tasks.find((candidate) => candidate.taskId === taskId);
      trace = dispatch === undefined || task === undefined ? Promise.reject(new Error(`unknown task ${key}`)) : readTaskTrace(dispatch.traceDir, task.traceFile);
      this.taskTraces.set(key, trace);
      trace.catch(() => this.taskTraces.delete(key));
    }
    return trace;
  }

  private schedule(file: string): void {
    if (!isDispatchIndexFile(file)) return;
    // Index files are rewritten often while a dispatch runs; read each at most every 150 ms.
    clearTimeout(this.pending.get(file));
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        void this.loadIndex(file, 'workspace');
      }, 150),
    );
  }

  private forget(file: string): void {
    this.modified.delete(file);
    this.store.remove((dispatch) => dispatch.indexPath === file);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
