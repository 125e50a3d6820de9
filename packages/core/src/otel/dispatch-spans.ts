import type { Timeline, TimelineAttempt, TimelineStage, TimelineTask } from '../timeline/timeline.js';
import type { DispatchRecord } from '../tracing/dispatch-record.js';
import { callSpans } from './call-spans.js';
import type { DispatchSpan, DispatchTrace } from './dispatch-span.js';
import { attemptSpanIdOf, spanIdOf, traceIdOf } from './span-ids.js';

export interface DispatchSpanOptions {
  /** Prompts, replies and tool arguments/results go into the spans (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`). */
  readonly captureContent: boolean;
}

/**
 * A dispatch as spans following the OpenTelemetry GenAI conventions: `invoke_workflow` (root),
 * `plan`, `invoke_agent {agent}` per task attempt linked to its dependencies' last attempts,
 * `chat {model}` per model call and `execute_tool {tool}` per tool call inside them, and the
 * synthesis's `chat {model}` under the root. Every time comes from the timeline.
 */
export function dispatchSpans(record: DispatchRecord, timeline: Timeline, options: DispatchSpanOptions): DispatchTrace {
  const dispatchId = record.index.dispatch_id;
  const rootId = spanIdOf(dispatchId, 'dispatch');
  const base = { 'pdispatch.dispatch_id': dispatchId };
  const spans: DispatchSpan[] = [rootSpan(record, timeline, rootId)];
  if (timeline.planning !== null) spans.push(...planSpans(record, timeline.planning, rootId, options));
  const tasks = new Map(timeline.tasks.map((task) => [task.taskId, task]));
  for (const task of timeline.tasks) {
    const trace = record.traces.get(task.taskId);
    for (const attempt of task.attempts) {
      const attributes = { ...base, 'pdispatch.task_id': task.taskId, 'pdispatch.attempt': attempt.attempt, 'pdispatch.cache_hit': task.cache === 'hit' };
      const spanId = attemptSpanIdOf(dispatchId, task.taskId, attempt.attempt);
      spans.push(attemptSpan(task, attempt, spanId, rootId, attributes, dependencyLinks(dispatchId, task, tasks)));
      const owner = { dispatchId, idParts: ['task', task.taskId, attempt.attempt], parentSpanId: spanId, modelCalls: trace?.model_calls ?? [], toolCalls: trace?.tool_calls ?? [], attributes, captureContent: options.captureContent };
      spans.push(...callSpans(attempt.calls, owner));
    }
  }
  if (timeline.synthesis !== null) spans.push(...synthesisSpans(record, timeline.synthesis, rootId, options));
  return { traceId: traceIdOf(dispatchId), spans };
}

function rootSpan(record: DispatchRecord, timeline: Timeline, spanId: string): DispatchSpan {
  const { index } = record;
  const failed = index.status === 'failure' || index.status === 'cancelled';
  return {
    name: 'invoke_workflow',
    kind: 'internal',
    spanId,
    parentSpanId: null,
    start: timeline.origin,
    end: timeline.end,
    attributes: {
      'gen_ai.operation.name': 'invoke_workflow',
      'pdispatch.dispatch_id': index.dispatch_id,
      'pdispatch.correlation_id': index.correlation_id,
      'pdispatch.status': index.status,
      'pdispatch.task_count': index.task_count,
      'pdispatch.dry_run': index.dry_run,
      ...(index.source.path === null ? {} : { 'pdispatch.source': index.source.path }),
      ...(index.rerun_of === null ? {} : { 'pdispatch.rerun_of': index.rerun_of }),
    },
    error: failed ? { type: index.status === 'cancelled' ? 'cancelled' : 'task_failed', message: `the dispatch ended with status ${index.status}` } : null,
    links: [],
  };
}

function attemptSpan(task: TimelineTask, attempt: TimelineAttempt, spanId: string, rootId: string, attributes: DispatchSpan['attributes'], links: DispatchSpan['links']): DispatchSpan {
  const failed = attempt.status === 'error' || attempt.status === 'cancelled';
  return {
    name: `invoke_agent ${task.agent}`,
    kind: 'internal',
    spanId,
    parentSpanId: rootId,
    start: attempt.start,
    end: attempt.end,
    attributes: {
      ...attributes,
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': task.agent,
      'pdispatch.attempt_status': attempt.status,
      ...(task.file === null ? {} : { 'pdispatch.file': task.file }),
    },
    error: failed ? { type: attempt.error?.kind ?? attempt.status, message: attempt.error?.message ?? attempt.status } : null,
    links,
  };
}

/** A dependent's attempts follow from the last attempt of each dependency that ran. */
function dependencyLinks(dispatchId: string, task: TimelineTask, tasks: ReadonlyMap<string, TimelineTask>): DispatchSpan['links'] {
  return task.dependencies.flatMap((dependency) => {
    const last = tasks.get(dependency)?.attempts.at(-1);
    return last === undefined ? [] : [{ spanId: attemptSpanIdOf(dispatchId, dependency, last.attempt), attributes: { 'pdispatch.dependency': dependency } }];
  });
}

function planSpans(record: DispatchRecord, stage: TimelineStage, rootId: string, options: DispatchSpanOptions): DispatchSpan[] {
  const dispatchId = record.index.dispatch_id;
  const spanId = spanIdOf(dispatchId, 'plan');
  const plan = record.plan;
  const attributes = { 'pdispatch.dispatch_id': dispatchId };
  const span: DispatchSpan = {
    name: 'plan',
    kind: 'internal',
    spanId,
    parentSpanId: rootId,
    start: stage.start,
    end: stage.end,
    attributes: { ...attributes, ...(plan === null ? {} : { 'pdispatch.plan_status': plan.status, 'pdispatch.plan_rounds': plan.rounds.length }) },
    error: plan?.status === 'invalid' ? { type: 'validation', message: 'the plan did not validate' } : null,
    links: [],
  };
  const owner = { dispatchId, idParts: ['plan'], parentSpanId: spanId, modelCalls: plan?.model_calls ?? [], toolCalls: [], attributes, captureContent: options.captureContent };
  return [span, ...callSpans(stage.calls, owner)];
}

function synthesisSpans(record: DispatchRecord, stage: TimelineStage, rootId: string, options: DispatchSpanOptions): DispatchSpan[] {
  const dispatchId = record.index.dispatch_id;
  const owner = { dispatchId, idParts: ['synthesis'], parentSpanId: rootId, modelCalls: record.synthesis?.model_calls ?? [], toolCalls: [], attributes: { 'pdispatch.dispatch_id': dispatchId, 'pdispatch.stage': 'synthesis' }, captureContent: options.captureContent };
  return callSpans(stage.calls, owner);
}
