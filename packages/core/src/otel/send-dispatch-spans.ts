import type { Attributes, HrTime, Link } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { timelineOfRecord } from '../timeline/timeline-of-dispatch.js';
import type { DispatchRecord } from '../tracing/dispatch-record.js';
import type { DispatchSpan, DispatchTrace } from './dispatch-span.js';
import { dispatchSpans } from './dispatch-spans.js';
import type { OtlpSettings } from './otlp-settings.js';

/** What became of a send: never thrown, since a collector's trouble must not fail a dispatch. */
export type OtlpSendResult = { readonly sent: true; readonly spanCount: number } | { readonly sent: false; readonly reason: string };

/** Builds a dispatch's spans from its trace files (times from its timeline) and sends them. */
export async function sendDispatchRecord(record: DispatchRecord, settings: OtlpSettings): Promise<OtlpSendResult> {
  return sendDispatchTrace(dispatchSpans(record, timelineOfRecord(record), { captureContent: settings.captureContent }), settings);
}

/**
 * Sends spans with the OpenTelemetry SDK's OTLP/HTTP exporter (protobuf or JSON). Headers come
 * from `OTEL_EXPORTER_OTLP_HEADERS` and the resource from `OTEL_SERVICE_NAME` and
 * `OTEL_RESOURCE_ATTRIBUTES`, which the SDK reads; `service.name` is `pdispatch` otherwise.
 * The SDK is loaded only here, so a host that sends nothing never loads it.
 */
export async function sendDispatchTrace(trace: DispatchTrace, settings: OtlpSettings): Promise<OtlpSendResult> {
  try {
    const [{ resourceFromAttributes, detectResources, envDetector }, exporters] = await Promise.all([
      import('@opentelemetry/resources'),
      settings.protocol === 'http/json' ? import('@opentelemetry/exporter-trace-otlp-http') : import('@opentelemetry/exporter-trace-otlp-proto'),
    ]);
    const resource = resourceFromAttributes({ 'service.name': 'pdispatch' }).merge(detectResources({ detectors: [envDetector] }));
    const exporter = new exporters.OTLPTraceExporter({ url: settings.endpoint, timeoutMillis: settings.timeoutMs });
    const spans = trace.spans.map((span) => readableSpan(trace.traceId, span, resource));
    try {
      const result = await new Promise<{ code: number; error?: Error }>((resolve) => {
        exporter.export(spans, resolve);
        // The exporter bounds itself by timeoutMillis; this only guards against it never answering.
        setTimeout(() => resolve({ code: 1, error: new Error(`no answer within ${settings.timeoutMs} ms`) }), settings.timeoutMs + 1000).unref();
      });
      return result.code === 0 ? { sent: true, spanCount: spans.length } : { sent: false, reason: result.error?.message ?? 'the export failed' };
    } finally {
      await exporter.shutdown().catch(() => undefined);
    }
  } catch (error) {
    return { sent: false, reason: (error as Error).message };
  }
}

// @opentelemetry/api's SpanKind values (the wire adds 1).
const SPAN_KIND = { internal: 0, client: 2 } as const;
// Spans that did not fail keep the UNSET status, as instrumentations are asked to.
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

function readableSpan(traceId: string, span: DispatchSpan, resource: ReadableSpan['resource']): ReadableSpan {
  const context = (spanId: string) => ({ traceId, spanId, traceFlags: 1 });
  const attributes: Attributes = { ...(span.attributes as Attributes), ...(span.error === null ? {} : { 'error.type': span.error.type }) };
  const links: Link[] = span.links.map((link) => ({ context: context(link.spanId), attributes: link.attributes as Attributes }));
  return {
    name: span.name,
    kind: SPAN_KIND[span.kind],
    spanContext: () => context(span.spanId),
    ...(span.parentSpanId === null ? {} : { parentSpanContext: context(span.parentSpanId) }),
    startTime: hrTime(span.start),
    endTime: hrTime(span.end),
    duration: hrTime(span.end - span.start),
    status: span.error === null ? { code: STATUS_UNSET } : { code: STATUS_ERROR, message: span.error.message },
    attributes,
    links,
    events: [],
    ended: true,
    resource,
    instrumentationScope: { name: 'pdispatch' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}
