/** An attribute value as OTLP carries it. */
export type SpanAttributeValue = string | number | boolean | readonly string[];

export type SpanAttributes = Readonly<Record<string, SpanAttributeValue>>;

/**
 * One span of a dispatch's trace, before any SDK sees it: what `dispatchSpans` builds from the
 * traces and `sendDispatchSpans` hands to the OTLP exporter. Times are epoch milliseconds.
 */
export interface DispatchSpan {
  readonly name: string;
  /** `client` for calls leaving the process (models); `internal` for the rest. */
  readonly kind: 'internal' | 'client';
  /** 16 hex digits (see `spanIdOf`). */
  readonly spanId: string;
  /** Null for the root (`invoke_workflow`). */
  readonly parentSpanId: string | null;
  readonly start: number;
  readonly end: number;
  readonly attributes: SpanAttributes;
  /** Set on failures: the span's status is ERROR and `error.type` is this `type`. */
  readonly error: { readonly type: string; readonly message: string } | null;
  /** Spans this one follows from without being their child: a task's dependencies. */
  readonly links: readonly { readonly spanId: string; readonly attributes: SpanAttributes }[];
}

/** A dispatch as one trace. */
export interface DispatchTrace {
  /** 32 hex digits (see `traceIdOf`). */
  readonly traceId: string;
  /** Root first, then parents before their children. */
  readonly spans: readonly DispatchSpan[];
}
