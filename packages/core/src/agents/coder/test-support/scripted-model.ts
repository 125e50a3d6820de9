import type { ModelClient, ModelMessage, ModelObjectRequest, ModelObjectResult, ModelRequest, ModelTextResult } from '../../../models/model-client.js';
import type { FileRecord, TaskRecorder } from '../../../tracing/task-recorder.js';

/** A model that answers with scripted replies, in order, and keeps every conversation it was sent. */
export class ScriptedModel implements ModelClient {
  readonly provider = 'scripted';
  readonly model = 'test';
  readonly requests: (readonly ModelMessage[])[] = [];
  private readonly replies: string[];

  constructor(replies: readonly string[]) {
    this.replies = [...replies];
  }

  async generateText(request: ModelRequest): Promise<ModelTextResult> {
    request.signal.throwIfAborted();
    this.requests.push(request.messages);
    const text = this.replies.shift();
    if (text === undefined) throw new Error(`the scripted model has no reply left for request ${this.requests.length}`);
    return { text, usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'stop' };
  }

  generateObject<T>(_request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
    return Promise.reject(new Error('the coder agent asks for text only'));
  }
}

/** A recorder that keeps what it is told. */
export class MemoryRecorder implements TaskRecorder {
  readonly progressMessages: string[] = [];
  readonly files: FileRecord[] = [];

  progress(message: string): void {
    this.progressMessages.push(message);
  }

  modelCall(): void {}

  file(record: FileRecord): void {
    this.files.push(record);
  }
}
