import { describe, expect, it } from 'vitest';
import { otlpSettingsOf } from './otlp-settings.js';

describe('otlpSettingsOf', () => {
  it('is null without an endpoint, so nothing is sent', () => {
    expect(otlpSettingsOf({})).toBeNull();
    expect(otlpSettingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeNull();
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, takes the traces endpoint as it is, and lets --otlp win', () => {
    expect(otlpSettingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })?.endpoint).toBe('http://collector:4318/v1/traces');
    expect(otlpSettingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp' })?.endpoint).toBe('http://collector:4318/otlp/v1/traces');
    expect(otlpSettingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/ingest' })?.endpoint).toBe('http://b/ingest');
    expect(otlpSettingsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/ingest' }, 'http://c:4318')?.endpoint).toBe('http://c:4318/v1/traces');
    expect(otlpSettingsOf({}, 'http://c:4318/v1/traces')?.endpoint).toBe('http://c:4318/v1/traces');
  });

  it('reads the protocol (traces first), the timeout and the content opt-in; gRPC is a warning, not a failure', () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' };
    expect(otlpSettingsOf(base)).toEqual({ endpoint: 'http://a:4318/v1/traces', protocol: 'http/protobuf', captureContent: false, timeoutMs: 5000, warnings: [] });
    expect(otlpSettingsOf({ ...base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' })?.protocol).toBe('http/json');
    expect(otlpSettingsOf({ ...base, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toMatchObject({ protocol: 'http/protobuf', warnings: ['OTLP protocol grpc is not supported; sending http/protobuf'] });
    expect(otlpSettingsOf({ ...base, OTEL_EXPORTER_OTLP_TIMEOUT: '800', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'soon' })?.timeoutMs).toBe(800);
    expect(otlpSettingsOf({ ...base, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'TRUE' })?.captureContent).toBe(true);
    expect(otlpSettingsOf({ ...base, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: '1' })?.captureContent).toBe(false);
  });
});
