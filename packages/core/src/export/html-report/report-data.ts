import { formatIssue } from '../../errors/validation-error.js';
import type { Timeline, TimelineTask } from '../../timeline/timeline.js';
import { formatBudget } from '../../text/format-budget.js';
import { formatCount } from '../../text/format-count.js';
import { formatDuration } from '../../text/format-duration.js';
import { formatTokens } from '../../text/format-tokens.js';
import { formatUsd } from '../../text/format-usd.js';
import { statusSymbol } from '../../text/status-symbol.js';
import type { DispatchRecord } from '../../tracing/dispatch-record.js';
import type { ModelCallRecord } from '../../tracing/model-call-record.js';
import type { TaskTrace } from '../../tracing/trace-format.js';
import { displayText } from './display-text.js';
import { timeTicks, type TimeTick } from '../../timeline/time-ticks.js';

/** What the report's page shows, every number already formatted by core's formatters; times are ms from the timeline's origin. */
export interface ReportData {
  readonly dispatchId: string;
  readonly status: string;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly statuses: readonly { readonly status: string; readonly count: number }[];
  readonly timeline: {
    readonly totalMs: number;
    readonly laneCount: number;
    readonly ticks: readonly TimeTick[];
    readonly stages: readonly { readonly name: string; readonly start: number; readonly end: number }[];
    readonly criticalPath: string;
  };
  readonly tasks: readonly ReportTask[];
  readonly plan: ReportPlan | null;
  readonly synthesis: ReportSynthesis | null;
  readonly warnings: readonly string[];
}

export interface ReportTask {
  readonly id: string;
  readonly agent: string;
  readonly status: string;
  readonly symbol: string;
  readonly critical: boolean;
  readonly duration: string;
  readonly tokens: string;
  readonly cost: string;
  /** `[lane, start, end, status]` per attempt. */
  readonly attempts: readonly (readonly [number, number, number, string])[];
  readonly detail: ReportTaskDetail;
}

export interface ReportTaskDetail {
  readonly description: string;
  readonly file: string | null;
  readonly dependencies: readonly string[];
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly input: string | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly modelCalls: readonly ReportModelCall[];
  readonly toolCalls: readonly { readonly name: string; readonly duration: string; readonly arguments: string | null; readonly result: string | null; readonly error: string | null }[];
  readonly files: readonly { readonly path: string; readonly action: string; readonly size: string; readonly diff: string | null }[];
}

export interface ReportModelCall {
  readonly name: string;
  readonly summary: string;
  readonly error: string | null;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly reply: string;
}

export interface ReportPlan {
  readonly request: string;
  readonly summary: string;
  readonly rounds: readonly { readonly round: number; readonly problems: readonly string[] }[];
  readonly modelCalls: readonly ReportModelCall[];
}

export interface ReportSynthesis {
  readonly request: string;
  readonly summary: string;
  readonly answer: string | null;
  readonly highlights: readonly string[];
  readonly followUps: readonly string[];
  readonly error: string | null;
}

/** Lays out what the page shows from a dispatch's traces and its timeline (timing, lanes and critical path come from the timeline alone). */
export function reportData(record: DispatchRecord, timeline: Timeline): ReportData {
  const { index } = record;
  const summary = index.summary;
  const origin = timeline.origin;
  const counts = new Map<string, number>();
  for (const task of timeline.tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  const stages = [
    ...(timeline.planning === null ? [] : [{ name: 'planning', start: timeline.planning.start - origin, end: timeline.planning.end - origin }]),
    ...(timeline.synthesis === null ? [] : [{ name: 'synthesis', start: timeline.synthesis.start - origin, end: timeline.synthesis.end - origin }]),
  ];
  return {
    dispatchId: index.dispatch_id,
    status: index.status,
    facts: [
      { label: 'status', value: `${index.status}${index.dry_run ? ' (dry run)' : ''}` },
      { label: 'tasks', value: formatCount(timeline.tasks.length) },
      { label: 'wall time', value: formatDuration(summary.wall_time_ms) },
      { label: 'critical path', value: formatDuration(timeline.criticalPath.lengthMs) },
      { label: 'speedup', value: `${summary.speedup.toFixed(2)}×` },
      { label: 'tokens', value: formatTokens(summary.input_tokens, summary.output_tokens) },
      { label: 'cost', value: formatUsd(summary.cost_usd) },
      ...(summary.budget === null ? [] : [{ label: 'budget', value: formatBudget(summary.budget) }]),
      { label: 'started', value: index.started_at },
    ],
    statuses: [...counts].map(([status, count]) => ({ status, count })),
    timeline: {
      totalMs: timeline.totalMs,
      laneCount: timeline.laneCount,
      ticks: timeTicks(timeline.totalMs),
      stages,
      criticalPath: `${chain(timeline.criticalPath.ids)} (${formatDuration(timeline.criticalPath.lengthMs)})`,
    },
    tasks: timeline.tasks.map((task) => reportTask(task, record.traces.get(task.taskId), origin)),
    plan: reportPlan(record),
    synthesis: reportSynthesis(record),
    warnings: record.unreadable.map(({ taskId, reason }) => `task ${taskId} is shown from the index alone: ${reason}`),
  };
}

/** A chain of task ids, its middle left out when long (every task on it is marked in the table and the timeline). */
function chain(ids: readonly string[]): string {
  if (ids.length <= 6) return ids.join(' → ');
  return [...ids.slice(0, 3), `… ${formatCount(ids.length - 6)} more …`, ...ids.slice(-3)].join(' → ');
}

function reportTask(task: TimelineTask, trace: TaskTrace | undefined, origin: number): ReportTask {
  return {
    id: task.taskId,
    agent: task.agent,
    status: task.status,
    symbol: statusSymbol(task.status),
    critical: task.critical,
    duration: formatDuration(task.durationMs),
    tokens: formatTokens(task.inputTokens, task.outputTokens),
    cost: formatUsd(task.costUsd),
    attempts: task.attempts.map((attempt) => [attempt.lane, attempt.start - origin, attempt.end - origin, attempt.status] as const),
    detail: {
      description: trace?.description ?? '',
      file: task.file,
      dependencies: task.dependencies,
      facts: [
        { label: 'attempts', value: task.attempts.map((attempt) => `#${attempt.attempt} ${attempt.status} ${formatDuration(attempt.end - attempt.start)} (worker lane ${attempt.lane + 1})`).join(', ') || 'never started' },
        ...(task.cache === null ? [] : [{ label: 'cache', value: task.cache }]),
        ...(trace?.budget == null ? [] : [{ label: 'budget', value: formatBudget(trace.budget) }]),
        ...(trace?.dry_run === true ? [{ label: 'dry run', value: 'no agent ran' }] : []),
      ],
      input: displayText(trace?.input),
      output: displayText(trace?.output),
      error: task.error === null ? null : `${task.error.kind}: ${task.error.message}`,
      modelCalls: (trace?.model_calls ?? []).map(reportModelCall),
      toolCalls: (trace?.tool_calls ?? []).map((call) => ({
        name: `${call.server}/${call.tool}`,
        duration: formatDuration(call.duration_ms),
        arguments: displayText(call.arguments),
        result: call.result,
        error: call.error,
      })),
      files: (trace?.files ?? []).map((file) => ({ path: file.path, action: file.action, size: file.bytes === undefined ? '' : `${formatCount(file.bytes)} bytes`, diff: file.diff ?? null })),
    },
  };
}

function reportModelCall(call: ModelCallRecord): ReportModelCall {
  return {
    name: `${call.provider}/${call.model}`,
    summary: `${formatTokens(call.input_tokens, call.output_tokens)} · ${formatUsd(call.cost_usd)} · ${formatDuration(call.duration_ms)} · ${call.finish_reason}${call.attempts > 1 ? ` · ${call.attempts} attempts` : ''}`,
    error: call.error ?? null,
    messages: call.messages.map((message) => ({ role: message.tool_name === undefined ? message.role : `${message.role} (${message.tool_name})`, content: message.content })),
    reply: call.reply,
  };
}

function reportPlan({ plan }: DispatchRecord): ReportPlan | null {
  if (plan === null) return null;
  return {
    request: plan.request,
    summary: `${plan.status} · ${plan.model.provider}/${plan.model.model} · ${formatTokens(plan.input_tokens, plan.output_tokens)} · ${formatDuration(plan.duration_ms)}`,
    rounds: plan.rounds.map((round) => ({ round: round.round, problems: round.problems.map(formatIssue) })),
    modelCalls: plan.model_calls.map(reportModelCall),
  };
}

function reportSynthesis({ index, synthesis }: DispatchRecord): ReportSynthesis | null {
  const fromIndex = index.synthesis;
  if (synthesis === null && fromIndex === null) return null;
  return {
    request: synthesis?.request ?? index.planned_from?.request ?? index.user_prompt ?? '',
    summary: [
      ...(synthesis === null ? [] : [`${synthesis.model.provider}/${synthesis.model.model}`, formatDuration(synthesis.duration_ms)]),
      ...(fromIndex === null ? [] : [formatTokens(fromIndex.input_tokens, fromIndex.output_tokens), formatUsd(fromIndex.cost_usd)]),
    ].join(' · '),
    answer: synthesis?.answer?.answer ?? fromIndex?.answer ?? null,
    highlights: synthesis?.answer?.highlights ?? fromIndex?.highlights ?? [],
    followUps: synthesis?.answer?.follow_ups ?? fromIndex?.follow_ups ?? [],
    error: synthesis?.error ?? fromIndex?.error ?? null,
  };
}
