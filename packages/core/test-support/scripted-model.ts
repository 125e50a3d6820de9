import type { ModelClient, ModelMessage, ModelObjectRequest, ModelObjectResult, ModelRequest, ModelTextResult } from '../src/models/model-client.js';
import type { FileRecord, TaskRecorder } from '../src/tracing/task-recorder.js';
import type { ToolCallRecord } from '../src/tracing/tool-call-record.js';

export interface ReceivedRequest {
  readonly messages: readonly ModelMessage[];
  readonly schemaName: string | undefined;
}

/**
 * A model that answers with scripted replies, in order, and keeps every
 * request: a string answers `generateText`, anything else answers
 * `generateObject` after passing the schema it is given.
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
    const reply = this.next(request, undefined);
    if (typeof reply !== 'string') throw new Error(`request ${this.requests.length} asked for text, but the script has an object`);
    return { text: reply, usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'stop' };
  }

  async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
    const reply = this.next(request, request.schemaName);
    return { object: request.schema.parse(reply), usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'stop' };
  }

  private next(request: ModelRequest, schemaName: string | undefined): unknown {
    request.signal.throwIfAborted();
    this.requests.push({ messages: request.messages, schemaName });
    if (this.replies.length === 0) throw new Error(`the scripted model has no reply left for request ${this.requests.length}`);
    return this.replies.shift();
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
