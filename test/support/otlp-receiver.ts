import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

// OpenTelemetry's own protobuf definitions of OTLP, as its JS SDK generated them (a protobufjs static module):
// `otlp-proto-definitions` is @opentelemetry/otlp-transformer 0.208.0, a release that still ships them (the 0.223 line the exporters use does not).
const require = createRequire(import.meta.url);
const { opentelemetry } = require('otlp-proto-definitions/build/src/generated/root.js') as ProtoRoot;
const ExportTraceServiceRequest = opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

interface ProtoMessageType {
  decode(bytes: Uint8Array): unknown;
  fromObject(object: unknown): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}
interface ProtoRoot {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoMessageType } } } } };
}

export type ReceivedValue = string | number | boolean | ReceivedValue[] | null;

/** One span as the collector got it, ids in hex and times as nanosecond strings. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 1 internal, 3 client. */
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Record<string, ReceivedValue>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  readonly links: readonly { readonly traceId: string; readonly spanId: string; readonly attributes: Record<string, ReceivedValue> }[];
  readonly resource: Record<string, ReceivedValue>;
  readonly scope: string;
}

export interface ReceivedRequest {
  readonly contentType: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly spans: readonly ReceivedSpan[];
}

/** A loopback OTLP/HTTP traces receiver: decodes protobuf and JSON `ExportTraceServiceRequest`s with OpenTelemetry's proto definitions. */
export interface OtlpReceiver {
  /** The base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (`/v1/traces` is appended by the sender). */
  readonly endpoint: string;
  readonly requests: ReceivedRequest[];
  /** Every span received, in order. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = request.headers['content-type'] ?? '';
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = Buffer.concat(chunks);
        const message = contentType.includes('json') ? ExportTraceServiceRequest.fromObject(jsonWithBytes(JSON.parse(body.toString('utf8')))) : ExportTraceServiceRequest.decode(body);
        requests.push({ contentType, headers: request.headers, spans: spansOf(ExportTraceServiceRequest.toObject(message, { longs: String, bytes: String, defaults: true, arrays: true, enums: Number, oneofs: true })) });
        response.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' }).end(contentType.includes('json') ? '{}' : undefined);
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    spans: () => requests.flatMap((request) => request.spans),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** OTLP/JSON writes ids as hex where proto3's JSON mapping has base64: turn them into bytes for `fromObject`. */
function jsonWithBytes(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && (key === 'traceId' || key === 'spanId' || key === 'parentSpanId')) return Buffer.from(value, 'hex');
  if (Array.isArray(value)) return value.map((item) => jsonWithBytes(item));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, jsonWithBytes(item, name)]));
  return value;
}

interface ProtoKeyValue {
  key: string;
  value: ProtoAnyValue;
}
interface ProtoAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: ProtoAnyValue[] };
}
interface ProtoSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: ProtoKeyValue[];
  status: { code: number; message: string } | null;
  links: { traceId: string; spanId: string; attributes: ProtoKeyValue[] }[];
}
interface ProtoRequest {
  resourceSpans: { resource: { attributes: ProtoKeyValue[] } | null; scopeSpans: { scope: { name: string } | null; spans: ProtoSpan[] }[] }[];
}

function spansOf(object: unknown): ReceivedSpan[] {
  const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');
  return (object as ProtoRequest).resourceSpans.flatMap((resourceSpans) =>
    resourceSpans.scopeSpans.flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        name: span.name,
        kind: span.kind,
        startTimeUnixNano: span.startTimeUnixNano,
        endTimeUnixNano: span.endTimeUnixNano,
        attributes: attributesOf(span.attributes),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        links: span.links.map((link) => ({ traceId: hex(link.traceId), spanId: hex(link.spanId), attributes: attributesOf(link.attributes) })),
        resource: attributesOf(resourceSpans.resource?.attributes ?? []),
        scope: scopeSpans.scope?.name ?? '',
      })),
    ),
  );
}

function attributesOf(list: readonly ProtoKeyValue[]): Record<string, ReceivedValue> {
  return Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: ProtoAnyValue): ReceivedValue {
  // `oneofs: true` names the field of AnyValue's `value` oneof that is set.
  switch (value.value) {
    case 'arrayValue':
      return value.arrayValue!.values.map(valueOf);
    case 'intValue':
      return Number(value.intValue);
    case 'doubleValue':
      return value.doubleValue!;
    case 'boolValue':
      return value.boolValue!;
    case 'stringValue':
      return value.stringValue!;
    default:
      return null;
  }
}
