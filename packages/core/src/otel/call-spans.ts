import type { TimelineCall } from '../timeline/timeline.js';
import type { ModelCallRecord } from '../tracing/model-call-record.js';
import type { ToolCallRecord } from '../tracing/tool-call-record.js';
import type { DispatchSpan, SpanAttributes } from './dispatch-span.js';
import { modelMessageAttributes, toolContentAttributes } from './message-attributes.js';
import { spanIdOf } from './span-ids.js';

/** Where a list of calls was made, and what their spans share. */
export interface CallOwner {
  readonly dispatchId: string;
  /** The parts naming the owner's span (`['task', id, attempt]`, `['plan']`, `['synthesis']`): a call's id adds its own. */
  readonly idParts: readonly (string | number)[];
  readonly parentSpanId: string;
  /** The records the timeline's calls point into (`model_calls[index]`, `tool_calls[index]`). */
  readonly modelCalls: readonly ModelCallRecord[];
  readonly toolCalls: readonly ToolCallRecord[];
  /** `pdispatch.*` attributes of the owner, repeated on each call's span. */
  readonly attributes: SpanAttributes;
  readonly captureContent: boolean;
}

/** `chat {model}` per model call and `execute_tool {tool}` per tool call, children of the owner's span. */
export function callSpans(calls: readonly TimelineCall[], owner: CallOwner): DispatchSpan[] {
  return calls.map((call) => (call.kind === 'model' ? chatSpan(call, owner.modelCalls[call.index], owner) : toolSpan(call, owner.toolCalls[call.index], owner)));
}

function chatSpan(call: TimelineCall, record: ModelCallRecord | undefined, owner: CallOwner): DispatchSpan {
  const provider = record?.provider ?? call.name.split('/')[0] ?? '';
  const model = record?.model ?? call.name;
  return {
    name: `chat ${model}`,
    kind: 'client',
    spanId: spanIdOf(owner.dispatchId, ...owner.idParts, 'model', call.index),
    parentSpanId: owner.parentSpanId,
    start: call.start,
    end: call.end,
    attributes: {
      ...owner.attributes,
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': provider,
      'gen_ai.system': provider,
      'gen_ai.request.model': model,
      'gen_ai.usage.input_tokens': call.inputTokens,
      'gen_ai.usage.output_tokens': call.outputTokens,
      ...(record === undefined ? {} : { 'gen_ai.response.finish_reasons': [record.finish_reason], 'pdispatch.model_attempts': record.attempts }),
      ...(call.costUsd === null ? {} : { 'pdispatch.cost_usd': call.costUsd }),
      ...(owner.captureContent && record !== undefined ? modelMessageAttributes(record) : {}),
    },
    error: call.error === null ? null : { type: 'model_error', message: call.error },
    links: [],
  };
}

function toolSpan(call: TimelineCall, record: ToolCallRecord | undefined, owner: CallOwner): DispatchSpan {
  const tool = record?.tool ?? call.name;
  return {
    name: `execute_tool ${tool}`,
    kind: 'internal',
    spanId: spanIdOf(owner.dispatchId, ...owner.idParts, 'tool', call.index),
    parentSpanId: owner.parentSpanId,
    start: call.start,
    end: call.end,
    attributes: {
      ...owner.attributes,
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': tool,
      'gen_ai.tool.type': 'extension',
      ...(record === undefined ? {} : { 'pdispatch.mcp_server': record.server }),
      ...(owner.captureContent && record !== undefined ? toolContentAttributes(record) : {}),
    },
    error: call.error === null ? null : { type: 'tool_error', message: call.error },
    links: [],
  };
}
