/** Where and how a dispatch's spans are sent (see "OpenTelemetry" in the README). */
export interface OtlpSettings {
  /** The full OTLP/HTTP traces URL (`…/v1/traces`). */
  readonly endpoint: string;
  readonly protocol: 'http/protobuf' | 'http/json';
  /** Prompts, replies and tool arguments/results are sent (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`). */
  readonly captureContent: boolean;
  /** How long one export may take, retries included: a dead collector cannot hold the host up longer. */
  readonly timeoutMs: number;
  /** What was set but cannot be honoured (a gRPC protocol), for the host to print. */
  readonly warnings: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * The OTLP settings the standard `OTEL_*` variables (and a host's `--otlp URL`, which wins) make;
 * null when no endpoint is set, so nothing is sent. As the OTLP exporter spec says,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as it is and `OTEL_EXPORTER_OTLP_ENDPOINT` gets
 * `/v1/traces` appended; a `--otlp` URL gets it too unless it already ends so.
 */
export function otlpSettingsOf(env: Readonly<Record<string, string | undefined>>, url?: string): OtlpSettings | null {
  const endpoint = url !== undefined ? withTracesPath(url, true) : set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? withTracesPath(set(env.OTEL_EXPORTER_OTLP_ENDPOINT), false);
  if (endpoint === undefined) return null;
  const warnings: string[] = [];
  const asked = set(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? set(env.OTEL_EXPORTER_OTLP_PROTOCOL) ?? 'http/protobuf';
  if (asked !== 'http/protobuf' && asked !== 'http/json') warnings.push(`OTLP protocol ${asked} is not supported; sending http/protobuf`);
  return {
    endpoint,
    protocol: asked === 'http/json' ? 'http/json' : 'http/protobuf',
    captureContent: env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.trim().toLowerCase() === 'true',
    timeoutMs: positive(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ?? positive(env.OTEL_EXPORTER_OTLP_TIMEOUT) ?? DEFAULT_TIMEOUT_MS,
    warnings,
  };
}

function withTracesPath(url: string | undefined, unlessPresent: boolean): string | undefined {
  if (url === undefined) return undefined;
  if (unlessPresent && /\/v1\/traces\/?$/.test(url)) return url;
  return `${url.replace(/\/+$/, '')}/v1/traces`;
}

function set(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function positive(value: string | undefined): number | undefined {
  const number = Number(set(value));
  return Number.isFinite(number) && number > 0 ? number : undefined;
}
