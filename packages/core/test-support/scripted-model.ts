import type { ModelClient, ModelMessage, ModelObjectRequest, ModelObjectResult, ModelRequest, ModelTextResult, ToolCallRequest } from '../src/models/model-client.js';
import type { FileRecord, TaskRecorder } from '../src/tracing/task-recorder.js';
import type { ToolCallRecord } from '../src/tracing/tool-call-record.js';

export interface ReceivedRequest {
  readonly messages: readonly ModelMessage[];
  readonly schemaName: string | undefined;
  /** Names of the tools offered. */
  readonly tools: readonly string[];
  readonly toolChoice: 'auto' | 'none' | undefined;
}

const TOOL_CALLS = Symbol('scripted tool calls');

export interface ScriptedToolCalls {
  readonly [TOOL_CALLS]: true;
  readonly calls: readonly ToolCallRequest[];
  readonly text: string;
}

/** A scripted reply that asks for tool calls (by model-facing name) instead of answering. */
export function callTools(calls: readonly { readonly name: string; readonly arguments: unknown; readonly id?: string }[], text = ''): ScriptedToolCalls {
  return { [TOOL_CALLS]: true, calls: calls.map((call, index) => ({ id: call.id ?? `call-${index + 1}`, name: call.name, arguments: call.arguments })), text };
}

/** A reply made from the request (a tool's result it carries), or one that waits (for cancellation). */
export type ScriptedReplyFunction = (request: ModelRequest) => unknown;

/** The content of the tool results in a request, in order. */
export function toolResults(request: { readonly messages: readonly ModelMessage[] }): string[] {
  return request.messages.flatMap((message) => (message.role === 'tool' ? [message.content] : []));
}

function isToolCalls(reply: unknown): reply is ScriptedToolCalls {
  return typeof reply === 'object' && reply !== null && TOOL_CALLS in reply;
}

/**
 * A model that answers with scripted replies, in order, and keeps every
 * request: a string answers `generateText`, `callTools(…)` asks for tool
 * calls (either), anything else answers `generateObject` after passing the
 * schema it is given.
 */
export class ScriptedModel implements ModelClient {
  readonly provider = 'scripted';
  readonly model = 'test';
  readonly requests: ReceivedRequest[] = [];
  private readonly replies: unknown[];

  constructor(replies: readonly unknown[]) {
    this.replies = [...replies];
  }

  /** The user messages of request `index`, joined: what the model was shown. */
  prompt(index: number): string {
    return (this.requests[index]?.messages ?? [])
      .filter((message) => message.role === 'user')
      .map((message) => message.content)
      .join('\n\n');
  }

  async generateText(request: ModelRequest): Promise<ModelTextResult> {
    const reply = await this.next(request, undefined);
    if (isToolCalls(reply)) return { text: reply.text, usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'tool-calls', toolCalls: reply.calls };
    if (typeof reply !== 'string') throw new Error(`request ${this.requests.length} asked for text, but the script has an object`);
    return { text: reply, usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'stop' };
  }

  async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
    const reply = await this.next(request, request.schemaName);
    if (isToolCalls(reply)) return { object: undefined as T, usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'tool-calls', toolCalls: reply.calls };
    return { object: request.schema.parse(reply), usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'stop' };
  }

  private async next(request: ModelRequest, schemaName: string | undefined): Promise<unknown> {
    request.signal.throwIfAborted();
    this.requests.push({ messages: request.messages, schemaName, tools: (request.tools ?? []).map((tool) => tool.name), toolChoice: request.toolChoice });
    if (this.replies.length === 0) throw new Error(`the scripted model has no reply left for request ${this.requests.length}`);
    const reply = this.replies.shift();
    return typeof reply === 'function' ? (reply as ScriptedReplyFunction)(request) : reply;
  }
}

/** A recorder that keeps what it is told. */
export class MemoryRecorder implements TaskRecorder {
  readonly progressMessages: string[] = [];
  readonly files: FileRecord[] = [];
  readonly toolCalls: ToolCallRecord[] = [];

  progress(message: string): void {
    this.progressMessages.push(message);
  }

  modelCall(): void {}

  toolCall(call: ToolCallRecord): void {
    this.toolCalls.push(call);
  }

  file(record: FileRecord): void {
    this.files.push(record);
  }
}
