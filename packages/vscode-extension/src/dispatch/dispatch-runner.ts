import path from 'node:path';
import * as vscode from 'vscode';
import { describeEvent, formatDuration, runDispatch, TaskCancelledError, type CacheOptions, type DispatchEvent, type DispatchStatus, type ModelClient, type PlanRecord, type PreparedDispatch, type PreparedTask, type RerunPlan, type SynthesisOutcome } from '@parallel-dispatcher/core';
import { dispatchUsageParts } from '../format/dispatch-usage.js';
import { countTasks } from '../traces/dispatch-state.js';
import type { DispatchStore } from '../traces/dispatch-store.js';
import { childEnvironment } from './child-environment.js';

export interface RunRequest {
  /** Shown in the progress notification and the log. */
  readonly title: string;
  readonly prepared: PreparedDispatch;
  /** The result cache (`parallelDispatcher.cache.*`); undefined runs every task. */
  readonly cache?: CacheOptions;
  /** The editor's chat model for model-backed tasks that have no model of their own. */
  readonly editorModel?: ModelClient;
  /** Values to keep out of traces and logs (API keys from secret storage). */
  readonly secrets?: readonly string[];
  /** For a rerun: the outputs its tasks receive from the tasks not run again, and which dispatch it reruns. */
  readonly rerun?: Pick<RerunPlan, 'priorOutputs' | 'rerunOf'>;
  /** One model call after the tasks that answers `request` from their results. */
  readonly synthesis?: { readonly model: ModelClient; readonly request: string };
  /** How the plan was made: written as the dispatch's plan.json. */
  readonly planning?: PlanRecord;
  /** Called with every event after the store has it. */
  readonly onEvent?: (event: DispatchEvent) => void;
}

/** How a dispatch run from the editor ended; what the run commands return (tests read it). */
export interface RunOutcome {
  readonly dispatchId: string;
  readonly status: DispatchStatus;
  readonly indexPath: string;
  /** The answer, or why there is none; undefined when the run asked for none (or was stopped). */
  readonly synthesis?: SynthesisOutcome;
}

/**
 * Runs prepared dispatches: a cancellable progress notification, live events into the store,
 * one log line per event, and stop by dispatch id.
 */
export class DispatchRunner implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  private readonly started = new vscode.EventEmitter<string>();
  /** Fires with the dispatch id as soon as a dispatch started here has one. */
  readonly onDidStart = this.started.event;

  constructor(
    private readonly store: DispatchStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Dispatch ids running in this window. */
  runningIds(): string[] {
    return [...this.running.keys()];
  }

  stop(dispatchId: string): boolean {
    const controller = this.running.get(dispatchId);
    if (controller === undefined) return false;
    this.log.info(`[${dispatchId}] stop requested`);
    controller.abort(new TaskCancelledError('stopped from the editor'));
    return true;
  }

  run(request: RunRequest): Promise<RunOutcome> {
    const { prepared } = request;
    const controller = new AbortController();
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Parallel Dispatcher: ${request.title}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort(new TaskCancelledError('stopped from the editor')));
          let dispatchId: string | undefined;
          let finished = 0;
          const total = prepared.tasks.size;
          const onEvent = (event: DispatchEvent) => {
            if (event.type === 'dispatch-started') {
              dispatchId = event.dispatch_id;
              this.running.set(dispatchId, controller);
              this.store.startLive({
                dispatchId,
                indexPath: event.trace_index,
                traceDir: prepared.traceDir,
                startedAt: event.at,
                sourcePath: prepared.sourcePath,
                userPrompt: prepared.userPrompt,
                workspace: prepared.workspace,
                tasks: prepared.graph.ids.map((id) => {
                  const task = prepared.tasks.get(id)!;
                  return { taskId: id, agent: task.spec.agent, file: task.file, dependencies: task.dependencies };
                }),
              });
              this.started.fire(dispatchId);
            } else if (dispatchId !== undefined) {
              this.store.applyEvent(dispatchId, event);
            }
            this.logEvent(dispatchId, event);
            if (event.type === 'task-finished') finished++;
            if (event.type === 'task-finished' || event.type === 'task-started') {
              const running = countTasks(this.store.get(dispatchId ?? '')?.tasks ?? []).running;
              const message = `${finished}/${total} tasks done${running > 0 ? `, ${running} running` : ''}`;
              progress.report(event.type === 'task-finished' ? { increment: 100 / Math.max(total, 1), message } : { message });
            }
            if (event.type === 'synthesis-started') progress.report({ message: 'synthesising the answer…' });
            request.onEvent?.(event);
          };
          this.log.info(`running ${request.title} (${total} task${total === 1 ? '' : 's'}, traces in ${prepared.traceDir})`);
          try {
            const result = await runDispatch(prepared, {
              env: childEnvironment(process.env),
              signal: controller.signal,
              onEvent,
              ...(request.cache === undefined ? {} : { cache: request.cache }),
              ...(request.secrets === undefined ? {} : { secrets: request.secrets }),
              modelFor: (_task: PreparedTask) => request.editorModel,
              ...(request.rerun === undefined ? {} : { priorOutputs: request.rerun.priorOutputs, rerunOf: request.rerun.rerunOf }),
              ...(request.synthesis === undefined ? {} : { synthesis: request.synthesis }),
              ...(request.planning === undefined ? {} : { planning: { record: request.planning } }),
            });
            this.finish(dispatchId);
            // The final index has what events do not carry (tokens, the summary): show it at once.
            this.store.upsertIndex(result.index, result.indexPath, prepared.traceDir, 'workspace');
            return { dispatchId: result.index.dispatch_id, status: result.status, indexPath: result.indexPath, ...(result.synthesis === undefined ? {} : { synthesis: result.synthesis }) };
          } finally {
            this.finish(dispatchId);
          }
        },
      ),
    );
  }

  private finish(dispatchId: string | undefined): void {
    if (dispatchId === undefined) return;
    this.running.delete(dispatchId);
    this.store.endLive(dispatchId);
  }

  private logEvent(dispatchId: string | undefined, event: DispatchEvent): void {
    const line = describeEvent(event);
    if (line === undefined) return;
    const text = `[${dispatchId ?? 'dispatch'}] ${line}`;
    const finished = event.type === 'task-finished' ? event.status : undefined;
    const level = event.type === 'task-progress' ? 'debug' : finished === 'error' ? 'error' : event.type === 'task-retrying' || (finished !== undefined && finished !== 'success') ? 'warn' : 'info';
    this.log[level](text);
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort(new TaskCancelledError('the editor is closing'));
    this.started.dispose();
  }
}

/** "ci: 5/6 tasks succeeded in 3.2 s ($0.0123, 2 cache hits)". */
export function describeOutcome(title: string, store: DispatchStore, outcome: RunOutcome): string {
  const dispatch = store.get(outcome.dispatchId);
  const summary = dispatch?.summary;
  if (summary === null || summary === undefined) return `${title}: ${outcome.status}`;
  const parts = [`${summary.success}/${summary.total} tasks succeeded`];
  if (summary.error > 0) parts.push(`${summary.error} failed`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  if (summary.cancelled > 0) parts.push(`${summary.cancelled} cancelled`);
  const usage = dispatchUsageParts(summary);
  return `${title}: ${parts.join(', ')} in ${formatDuration(summary.wall_time_ms)}${usage.length === 0 ? '' : ` (${usage.join(', ')})`}${outcome.status === 'cancelled' ? ' (stopped)' : ''}. Traces: ${path.basename(outcome.indexPath)}`;
}
