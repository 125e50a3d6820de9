import type { ModelCallRecord, RecordedMessage, RecordedToolCallRequest } from '../tracing/model-call-record.js';
import type { ToolCallRecord } from '../tracing/tool-call-record.js';
import type { SpanAttributes } from './dispatch-span.js';

/**
 * A model call's prompt and reply as the GenAI conventions' `gen_ai.input.messages` and
 * `gen_ai.output.messages` (JSON strings): sent only when the user opted in to content capture.
 */
export function modelMessageAttributes(call: ModelCallRecord): SpanAttributes {
  const reply = [...(call.reply === '' ? [] : [{ type: 'text', content: call.reply }]), ...(call.reply_tool_calls ?? []).map(toolCallPart)];
  return {
    'gen_ai.input.messages': JSON.stringify(call.messages.map(inputMessage)),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: reply, finish_reason: call.finish_reason }]),
  };
}

/** A tool call's arguments and result, under the same opt-in. */
export function toolContentAttributes(call: ToolCallRecord): SpanAttributes {
  return {
    'gen_ai.tool.call.arguments': JSON.stringify(call.arguments ?? null),
    ...(call.result === null ? {} : { 'gen_ai.tool.call.result': call.result }),
  };
}

function inputMessage(message: RecordedMessage) {
  if (message.role === 'tool') return { role: 'tool', parts: [{ type: 'tool_call_response', id: message.tool_call_id ?? null, response: message.content }] };
  const text = message.content === '' ? [] : [{ type: 'text', content: message.content }];
  return { role: message.role, parts: [...text, ...(message.tool_calls ?? []).map(toolCallPart)] };
}

function toolCallPart(call: RecordedToolCallRequest) {
  return { type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments };
}
