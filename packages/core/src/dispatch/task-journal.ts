import { sumUsd } from '../cost/model-prices.js';
import type { ModelCallRecord } from '../tracing/model-call-record.js';
import type { TaskErrorInfo, TaskStatus } from '../scheduler/task-outcome.js';
import type { FileRecord, TaskRecorder } from '../tracing/task-recorder.js';
import type { TaskCacheRecord, TaskTraceEvent } from '../tracing/trace-format.js';
import type { ToolCallRecord } from '../tracing/tool-call-record.js';

/** What is known of one task while the dispatch runs; becomes its trace file when it ends. */
export class TaskJournal implements TaskRecorder {
  status: TaskStatus = 'pending';
  startedAt: number | undefined;
  endedAt: number | undefined;
  attempts = 0;
  error: TaskErrorInfo | null = null;
  readonly events: TaskTraceEvent[] = [];
  readonly modelCalls: ModelCallRecord[] = [];
  readonly toolCalls: ToolCallRecord[] = [];
  readonly files: FileRecord[] = [];
  /** Set when the result cache applies to the task. */
  cache: TaskCacheRecord | null = null;
  inputTokens = 0;
  outputTokens = 0;
  /** Null once a call's price is unknown. */
  costUsd: number | null = 0;

  constructor(private readonly onProgress: (message: string, data: Record<string, unknown> | undefined) => void) {}

  event(type: string, at: number, fields: Record<string, unknown> = {}): void {
    this.events.push({ at: new Date(at).toISOString(), type, ...fields });
  }

  progress(message: string, data?: Record<string, unknown>): void {
    this.event('progress', Date.now(), data === undefined ? { message } : { message, data });
    this.onProgress(message, data);
  }

  modelCall(call: ModelCallRecord): void {
    this.modelCalls.push(call);
    this.inputTokens += call.input_tokens;
    this.outputTokens += call.output_tokens;
    this.costUsd = sumUsd([this.costUsd, call.cost_usd]);
  }

  toolCall(call: ToolCallRecord): void {
    this.toolCalls.push(call);
  }

  file(record: FileRecord): void {
    this.files.push(record);
  }
}
