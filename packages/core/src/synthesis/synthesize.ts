import { z } from 'zod';
import type { PriceOverrides } from '../cost/model-prices.js';
import type { ModelClient } from '../models/model-client.js';
import { taskModelClient } from '../models/task-model-client.js';
import { callTokens, type ModelCallRecord } from '../tracing/model-call-record.js';
import type { SynthesisAnswer, SynthesisRecord } from '../tracing/planning-records.js';
import type { Redactor } from '../tracing/redactor.js';
import { TRACE_SCHEMA_VERSION } from '../tracing/trace-format.js';
import { synthesisMessages, type SynthesisTask } from './synthesis-prompt.js';

export interface SynthesizeOptions {
  /** What the user asked for: the dispatch's `user_prompt` or the user's own words. */
  readonly request: string;
  readonly model: ModelClient;
  /** Every task of the dispatch, failed ones included. */
  readonly tasks: readonly SynthesisTask[];
  /** The dispatch's: nothing it knows as secret is sent to the model. */
  readonly redactor: Redactor;
  readonly signal?: AbortSignal;
  /** Epoch ms after which a Retry-After wait is pointless. */
  readonly deadline?: number;
  /** The dispatch's `config.prices`. */
  readonly prices?: PriceOverrides;
}

/** What a host shows: the answer, or why there is none. */
export type SynthesisOutcome = SynthesisAnswer | { readonly error: string };

export interface Synthesis {
  readonly outcome: SynthesisOutcome;
  /** What `synthesis.json` holds. */
  readonly record: SynthesisRecord;
}

const answerSchema = z.object({
  answer: z.string().describe('The answer to the request, in Markdown; says what failed, if anything did'),
  highlights: z.array(z.string()).describe('A few short points worth knowing at a glance'),
  follow_ups: z.array(z.string()).describe('Concrete next steps for the user'),
});

/**
 * One model call that turns the results of a dispatch's tasks into one
 * answer to the request. Never throws for the model's sake: a failed call
 * (after the client's retries) or an unusable reply is the outcome's `error`.
 */
export async function synthesize(options: SynthesizeOptions): Promise<Synthesis> {
  const started = Date.now();
  const calls: ModelCallRecord[] = [];
  const model = taskModelClient(options.model, { modelCall: (call) => void calls.push(call) }, options.deadline, options.prices);
  let answer: SynthesisAnswer | null = null;
  let error: string | null = null;
  try {
    const result = await model.generateObject({
      messages: synthesisMessages(options.request, options.tasks, options.redactor),
      schema: answerSchema,
      schemaName: 'synthesis',
      signal: options.signal ?? new AbortController().signal,
    });
    answer = options.redactor.redactValue(result.object);
  } catch (failure) {
    error = options.signal?.aborted ? 'cancelled' : options.redactor.redact(failure instanceof Error ? failure.message : String(failure));
  }
  const record: SynthesisRecord = {
    schema_version: TRACE_SCHEMA_VERSION,
    request: options.redactor.redact(options.request),
    model: { provider: options.model.provider, model: options.model.model },
    model_calls: options.redactor.redactValue(calls),
    answer,
    error,
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    ...callTokens(calls),
  };
  return { outcome: answer ?? { error: error! }, record };
}
