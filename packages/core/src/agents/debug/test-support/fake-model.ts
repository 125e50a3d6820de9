import type { ModelClient, ModelMessage, ModelObjectRequest, ModelObjectResult, ModelTextResult } from '../../../models/model-client.js';
import type { FileRecord, TaskRecorder } from '../../../tracing/task-recorder.js';

export interface ReceivedRequest {
  readonly messages: readonly ModelMessage[];
  readonly schemaName: string | undefined;
}

/** A model that returns scripted objects in order, checked by the schema it is given, and keeps every request. */
export class FakeModel implements ModelClient {
  readonly provider = 'fake';
  readonly model = 'scripted';
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

  generateText(): Promise<ModelTextResult> {
    return Promise.reject(new Error('the debug agent asks for objects only'));
  }

  async generateObject<T>(request: ModelObjectRequest<T>): Promise<ModelObjectResult<T>> {
    request.signal.throwIfAborted();
    this.requests.push({ messages: request.messages, schemaName: request.schemaName });
    if (this.replies.length === 0) throw new Error(`the fake model has no reply left for request ${this.requests.length}`);
    return { object: request.schema.parse(this.replies.shift()), usage: { input_tokens: 1, output_tokens: 1 }, finishReason: 'stop' };
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

/** Findings a model might return, valid against the findings schema. */
export function scriptedFindings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    root_cause: 'The token is verified before it is refreshed',
    confidence: 0.8,
    evidence: [{ file: 'auth.py', line: 3, excerpt: 'verify(token)', explanation: 'verification uses the stale token' }],
    hypotheses: [],
    suggested_fix: 'Refresh the token before verifying it',
    affected_locations: [{ file: 'auth.py', line: 3 }],
    ...overrides,
  };
}
