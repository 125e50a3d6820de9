import { Budget } from '../cost/budget.js';
import { budgetState } from '../cost/budget-state.js';
import { withBudgets } from '../cost/budgeted-client.js';
import { hasPrice } from '../cost/model-prices.js';
import { expectedDurations, remainingPathLengths } from '../graph/priorities.js';
import type { ModelClientOptions } from '../models/ai-sdk-model-client.js';
import type { ModelClient } from '../models/model-client.js';
import { ModelClientPool } from '../models/model-client-pool.js';
import { taskModelClient } from '../models/task-model-client.js';
import type { BackoffOptions } from '../scheduler/backoff.js';
import { runSchedule } from '../scheduler/scheduler.js';
import type { TaskOutcome } from '../scheduler/task-outcome.js';
import { newDispatchIdentity } from '../tracing/dispatch-id.js';
import type { ModelCallRecord } from '../tracing/model-call-record.js';
import type { TraceWriteError } from '../errors/trace-write-error.js';
import { prepareTraceDirectory } from '../tracing/prepare-trace-directory.js';
import { looksLikeSecretName, Redactor } from '../tracing/redactor.js';
import type { DispatchIndex, DispatchStatus, TaskTrace } from '../tracing/trace-format.js';
import { TRACE_SCHEMA_VERSION } from '../tracing/trace-format.js';
import { readDurationHistory } from '../tracing/trace-reader.js';
import { TraceWriter } from '../tracing/trace-writer.js';
import type { IndexSynthesis, PlanRecord } from '../tracing/planning-records.js';
import { synthesisRecordFile } from '../tracing/trace-file-names.js';
import { synthesize, type SynthesisOutcome } from '../synthesis/synthesize.js';
import { buildDispatchIndex } from './dispatch-index.js';
import { indexSynthesis, SYNTHESIS_RUNNING, synthesisTasks } from './dispatch-synthesis.js';
import { planningFiles } from './planning-files.js';
import type { DispatchEvent } from './dispatch-events.js';
import type { PreparedDispatch, PreparedTask } from './prepared-dispatch.js';
import { TaskJournal } from './task-journal.js';
import { McpServerPool } from '../mcp/mcp-server-pool.js';
import { createTaskTools } from '../tools/mcp-task-tools.js';
import { withToolLoop } from '../tools/tool-loop.js';
import { DispatchCache, type CacheOptions } from '../cache/dispatch-cache.js';
import { traceparentOf } from '../otel/span-ids.js';

export interface RunDispatchOptions {
  /** Environment for agents' child processes; values named like secrets are also kept out of traces. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** More values to keep out of traces (API keys given as inputs, …). */
  readonly secrets?: readonly string[];
  /** Cancels the dispatch: running tasks are aborted, the rest cancelled, traces completed. */
  readonly signal?: AbortSignal;
  /**
   * Cancels like `signal`, but without the grace: running tasks' processes are
   * killed (SIGKILL) at once. For a host's second Ctrl-C; traces are still completed.
   */
  readonly stopNow?: AbortSignal;
  /** Schedules and traces every task without running any agent. */
  readonly dryRun?: boolean;
  readonly onEvent?: (event: DispatchEvent) => void;
  /** The host's model client for a model-backed task that has no configured model (see `hostSuppliesModel`). */
  readonly modelFor?: (task: PreparedTask) => ModelClient | undefined;
  /** Retries and timeouts of model calls; tests shorten them. */
  readonly modelClientOptions?: ModelClientOptions;
  readonly backoff?: BackoffOptions;
  /** How long an aborted task's work may take to settle before its worker is free anyway (see `runSchedule`); tests shorten it. */
  readonly abandonAfterMs?: number;
  readonly indexIntervalMs?: number;
  /**
   * For a rerun: by task, the outputs of its dependencies that are not run
   * again, handed to it exactly as if they had just run (see `planRerun`).
   */
  readonly priorOutputs?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** For a rerun: the dispatch it reruns, recorded as `rerun_of` in the index. */
  readonly rerunOf?: string;
  /**
   * After the tasks end (also when some failed; not when cancelled or a dry run): one call to
   * `model` that answers `request` from every task's results, recorded in synthesis.json and
   * the index's `synthesis`. Its failure leaves the dispatch's status as the tasks made it.
   */
  readonly synthesis?: { readonly model: ModelClient; readonly request: string };
  /** For a planned dispatch: the planner's record, written as plan.json; the index gets `planned_from`. */
  readonly planning?: { readonly record: PlanRecord };
  /**
   * The result cache (see "Result cache" in the README): a task whose stored result still holds
   * is not run again. Without it, or with `config.cache: false`, or in a dry run, every task runs.
   */
  readonly cache?: CacheOptions;
  /**
   * The dispatch is sent as OpenTelemetry spans: each attempt's processes get `TRACEPARENT`
   * naming the attempt's span (see `traceparentOf`), so what they start joins the trace.
   */
  readonly traceContext?: boolean;
}

export interface DispatchResult {
  readonly status: DispatchStatus;
  /** As written, secrets already replaced: hosts print it as it is. */
  readonly index: DispatchIndex;
  readonly indexPath: string;
  /** Secrets already replaced, like the index. */
  readonly outcomes: ReadonlyMap<string, TaskOutcome>;
  /** The one redactor of the dispatch, for whatever else a host shows or publishes. */
  readonly redactor: Redactor;
  /** Set when traces could not all be written (disk full, …); the index says which task traces are missing. */
  readonly traceError: TraceWriteError | undefined;
  /** The synthesised answer or why there is none (redacted); undefined when no synthesis ran. */
  readonly synthesis: SynthesisOutcome | undefined;
}

/**
 * Runs a prepared dispatch: schedules its tasks by critical path, hands each
 * agent its input and its dependencies' outputs, and writes the traces.
 * Throws DispatchValidationError before any task starts when the trace
 * directory cannot be written.
 */
export async function runDispatch(prepared: PreparedDispatch, options: RunDispatchOptions): Promise<DispatchResult> {
  await prepareTraceDirectory(prepared.traceDir, prepared.sourcePath ?? undefined);
  const startedAt = Date.now();
  const { dispatchId, correlationId } = newDispatchIdentity(new Date(startedAt));
  const modelKeys = [...prepared.tasks.values()].flatMap((task) => (task.model?.apiKey === undefined ? [] : [task.model.apiKey]));
  // Servers start when the first task needing them does; a dry run starts none.
  const servers = options.dryRun === true || ![...prepared.tasks.values()].some((task) => task.tools !== undefined) ? undefined : new McpServerPool({ servers: prepared.mcpServers, env: options.env, workspace: prepared.workspace });
  const redactor = Redactor.fromEnvironment(options.env, [...(options.secrets ?? []), ...modelKeys, ...secretsInTaskEnvironments(prepared), ...(servers?.secrets ?? [])]);
  // Events reach logs and screens, so they are redacted like traces.
  const emit = (event: DispatchEvent) => options.onEvent?.(redactor.redactValue(event));
  const journals = new Map(
    prepared.graph.ids.map((id) => [id, new TaskJournal((message, data) => emit({ type: 'task-progress', task_id: id, message, ...(data === undefined ? {} : { data }), at: Date.now() }))]),
  );
  let status: DispatchStatus = 'running';
  let tasksEndedAt: number | undefined;
  let endedAt: number | undefined;
  let synthesis: IndexSynthesis | null = null;
  const planning = planningFiles(prepared, dispatchId, options.planning?.record);
  const cache = options.cache === undefined || options.dryRun === true ? undefined : DispatchCache.open(prepared, options.cache);
  const writer: TraceWriter = new TraceWriter({
    traceDir: prepared.traceDir,
    dispatchId,
    redactor,
    ...(options.indexIntervalMs === undefined ? {} : { indexIntervalMs: options.indexIntervalMs }),
    snapshotIndex: () =>
      buildDispatchIndex({
        prepared,
        dispatchId,
        correlationId,
        startedAt,
        tasksEndedAt,
        endedAt,
        status,
        dryRun: options.dryRun ?? false,
        rerunOf: options.rerunOf ?? null,
        plannedFrom: planning.plannedFrom,
        planningTokens: planning.tokens,
        synthesis,
        journals,
        cached: cache !== undefined,
        taskTrace: (id) => writer.taskTrace(id),
      }),
  });
  await writer.open(planning.files);
  emit({ type: 'dispatch-started', dispatch_id: dispatchId, correlation_id: correlationId, task_count: prepared.graph.ids.length, trace_index: writer.indexPath, at: startedAt });

  const models = new ModelClientPool(options.modelClientOptions);
  const prices = prepared.config.prices ?? {};
  // A spent dispatch budget starts no new model call and no new task; the planner's spending counts towards it.
  const halt = new AbortController();
  const dispatchBudget = prepared.config.budget === undefined ? undefined : new Budget('the dispatch', prepared.config.budget, (error) => halt.abort(error));
  dispatchBudget?.charge(planning.tokens);
  const taskBudgets = new Map<string, Budget>();
  const budgetsOf = (id: string): Budget[] => {
    const limit = prepared.tasks.get(id)!.spec.budget;
    if (limit !== undefined && !taskBudgets.has(id)) taskBudgets.set(id, new Budget(`task "${id}"`, limit));
    return [dispatchBudget, taskBudgets.get(id)].filter((budget) => budget !== undefined);
  };
  const modelFor = async (task: PreparedTask, id: string, deadline: number, signal: AbortSignal): Promise<ModelClient | undefined> => {
    if (!task.agent.usesModel) return undefined;
    const client = task.model === undefined ? options.modelFor?.(task) : models.clientFor(task.model);
    if (client === undefined) return undefined;
    const journal = journals.get(id)!;
    const budgets = budgetsOf(id);
    const charged = {
      modelCall: (call: ModelCallRecord) => {
        journal.modelCall(call);
        for (const budget of budgets) budget.charge(call);
      },
    };
    const recorded = withBudgets(taskModelClient(client, charged, deadline, prices), budgets, hasPrice(client, prices));
    if (task.tools === undefined || servers === undefined) return recorded;
    // Per attempt: a retry gets a fresh tool-call budget.
    const tools = await createTaskTools({ pool: servers, patterns: task.tools.patterns, recorder: journal, signal });
    return withToolLoop(recorded, tools, task.tools.maxToolCalls);
  };
  const timeoutMs = (id: string) => (prepared.tasks.get(id)!.spec.timeout_seconds ?? prepared.config.timeout_seconds) * 1000;
  const history = options.dryRun ? new Map<string, number>() : await readDurationHistory(prepared.traceDir);
  const priorities = remainingPathLengths(prepared.graph, expectedDurations(prepared.graph.ids, history));
  const outputs = new Map<string, unknown>();
  const stopNow = options.stopNow ?? new AbortController().signal;
  const cancel = options.signal === undefined ? options.stopNow : options.stopNow === undefined ? options.signal : AbortSignal.any([options.signal, options.stopNow]);
  // Cancelling ends the servers with the tasks; stopNow kills their process groups at once.
  const closeServers = () => void servers?.close();
  const killServers = () => void servers?.close({ now: true });
  options.signal?.addEventListener('abort', closeServers, { once: true });
  options.stopNow?.addEventListener('abort', killServers, { once: true });

  const outcomes = await runSchedule({
    graph: prepared.graph,
    maxWorkers: prepared.config.max_workers,
    priority: (id) => priorities.get(id)!,
    timeoutMs,
    retries: (id) => prepared.tasks.get(id)!.spec.retries ?? prepared.config.retries,
    failFast: prepared.config.fail_fast,
    halt: halt.signal,
    ...(cancel === undefined ? {} : { signal: cancel }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.abandonAfterMs === undefined ? {} : { abandonAfterMs: options.abandonAfterMs }),
    runTask: async (id, attempt) => {
      if (options.dryRun) return null;
      const task = prepared.tasks.get(id)!;
      const dependencies = { ...options.priorOutputs?.get(id), ...Object.fromEntries(task.dependencies.map((dependency) => [dependency, outputs.get(dependency)])) };
      const lookup = cache?.applies(task) === true ? await cache.lookup(id, dependencies, task.model === undefined && task.agent.usesModel ? options.modelFor?.(task) : undefined, journals.get(id)!) : undefined;
      if (lookup?.hit === true) {
        outputs.set(id, lookup.output);
        return lookup.output;
      }
      const model = await modelFor(task, id, Date.now() + timeoutMs(id), attempt.signal);
      const output = await task.agent.run(task.input, {
        taskId: id,
        description: task.spec.description,
        attempt: attempt.attempt,
        signal: attempt.signal,
        stopNow,
        workspace: prepared.workspace,
        rawInput: task.spec.input_data,
        dependencies,
        env: options.traceContext === true ? { ...options.env, TRACEPARENT: traceparentOf(dispatchId, id, attempt.attempt) } : options.env,
        paths: prepared.paths,
        model,
        recorder: journals.get(id)!,
      });
      if (lookup !== undefined) await cache!.save(lookup.pending, output, journals.get(id)!);
      outputs.set(id, output);
      return output;
    },
    onEvent: (event) => {
      const journal = journals.get(event.task_id)!;
      const { type, task_id: _, at, ...fields } = event;
      journal.event(type.replace(/^task-/, ''), at, fields);
      if (event.type === 'task-queued') journal.status = 'queued';
      else if (event.type === 'task-retrying') journal.status = 'retrying';
      else if (event.type === 'task-started') {
        journal.status = 'running';
        journal.startedAt ??= event.at;
        journal.attempts = event.attempt;
      } else {
        journal.status = event.status;
        journal.error = event.error ?? null;
        if (journal.startedAt !== undefined) journal.endedAt = event.at;
      }
      emit(event);
    },
    // Each task's trace is written as soon as it ends, so a crash keeps those already finished.
    onSettled: (id, outcome) => writer.writeTask(taskTrace(prepared, id, outcome, journals.get(id)!, dispatchId, correlationId, options.dryRun ?? false)),
  });

  tasksEndedAt = Date.now();
  options.signal?.removeEventListener('abort', closeServers);
  options.stopNow?.removeEventListener('abort', killServers);
  await servers?.close({ now: stopNow.aborted });
  await cache?.close();
  const finalStatus = dispatchStatus(outcomes, cancel);
  let synthesisOutcome: SynthesisOutcome | undefined;
  if (options.synthesis !== undefined && options.dryRun !== true && finalStatus !== 'cancelled') {
    // Hosts watching the index see every task final while it still says `running`: the synthesis is under way.
    synthesis = SYNTHESIS_RUNNING;
    await writer.flush();
    emit({ type: 'synthesis-started', at: Date.now() });
    const { outcome, record } = await synthesize({
      request: options.synthesis.request,
      model: withBudgets(options.synthesis.model, dispatchBudget === undefined ? [] : [dispatchBudget], hasPrice(options.synthesis.model, prices)),
      prices,
      tasks: synthesisTasks(prepared, outcomes),
      redactor,
      ...(cancel === undefined ? {} : { signal: cancel }),
      deadline: Date.now() + prepared.config.timeout_seconds * 1000,
    });
    await writer.writeRecord({ file: synthesisRecordFile(dispatchId), value: record });
    synthesis = indexSynthesis(record);
    synthesisOutcome = outcome;
    emit({ type: 'synthesis-finished', ok: record.error === null, ...(record.error === null ? {} : { error: record.error }), at: Date.now() });
  }
  // Without a synthesis the dispatch ends with its tasks: total_time_ms equals wall_time_ms exactly.
  endedAt = synthesisOutcome === undefined ? tasksEndedAt : Date.now();
  status = finalStatus;
  const { index, error: traceError } = await writer.close();
  emit({ type: 'dispatch-finished', status, summary: index.summary, at: endedAt });
  const redacted = redactor.active ? new Map([...outcomes].map(([id, outcome]) => [id, redactor.redactValue(outcome)])) : outcomes;
  return { status, index, indexPath: writer.indexPath, outcomes: redacted, redactor, traceError, synthesis: synthesisOutcome };
}

function dispatchStatus(outcomes: ReadonlyMap<string, TaskOutcome>, signal: AbortSignal | undefined): DispatchStatus {
  if (signal?.aborted) return 'cancelled';
  return [...outcomes.values()].every((outcome) => outcome.status === 'success') ? 'success' : 'failure';
}

function taskTrace(
  prepared: PreparedDispatch,
  id: string,
  outcome: TaskOutcome,
  journal: TaskJournal,
  dispatchId: string,
  correlationId: string,
  dryRun: boolean,
): TaskTrace {
  const task = prepared.tasks.get(id)!;
  const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());
  return {
    schema_version: TRACE_SCHEMA_VERSION,
    task_id: id,
    dispatch_id: dispatchId,
    correlation_id: correlationId,
    agent: task.spec.agent,
    description: task.spec.description,
    file: task.file,
    dependencies: task.dependencies,
    status: outcome.status,
    dry_run: dryRun,
    input: task.spec.input_data,
    output: outcome.output ?? null,
    error: outcome.error ?? null,
    attempts: outcome.attempts,
    events: journal.events,
    model_calls: journal.modelCalls,
    cost_usd: journal.costUsd,
    budget: budgetState(task.spec.budget, journal.inputTokens + journal.outputTokens, journal.costUsd),
    tool_calls: journal.toolCalls,
    files: journal.files,
    cache: journal.cache,
    started_at: iso(outcome.startedAt),
    ended_at: iso(outcome.endedAt),
    duration_ms: outcome.startedAt === undefined || outcome.endedAt === undefined ? null : outcome.endedAt - outcome.startedAt,
  };
}

/** Values a task sets in its own `env` under secret-like names never reach its trace either. */
function secretsInTaskEnvironments(prepared: PreparedDispatch): string[] {
  const values: string[] = [];
  for (const task of prepared.tasks.values()) {
    const env = (task.spec.input_data as { env?: unknown }).env;
    if (typeof env !== 'object' || env === null) continue;
    for (const [name, value] of Object.entries(env)) if (typeof value === 'string' && looksLikeSecretName(name)) values.push(value);
  }
  return values;
}
