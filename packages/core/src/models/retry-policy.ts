import type { APICallError } from 'ai';
import { googleRetryDelay, isGoogleInvalidKey } from './google-error-details.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Delay before the first retry of a 5xx or connection failure, before jitter; doubles each time. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What a failed attempt means for the next one. */
export interface FailureClass {
  readonly retry: boolean;
  readonly statusCode?: number;
  readonly message: string;
  /** The provider's Retry-After (429; Google's RetryInfo retryDelay), to be honoured instead of backoff. */
  readonly retryAfterMs?: number;
}

/** Where the call went and with which key, for messages that say what to check. */
export interface CallSite {
  readonly endpoint: string;
  readonly apiKeySource?: string | undefined;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** 429, 5xx and connection failures are worth another attempt; anything else is final. */
export async function classifyFailure(error: unknown, site: CallSite): Promise<FailureClass> {
  if (isConnectionFailure(error)) return { retry: true, message: `could not reach ${site.endpoint} (${connectionDetail(error)})` };
  // Only a failed model call gets here, so the SDK is loaded already (see ai-sdk-model-client.ts).
  const { APICallError } = await import('ai');
  if (!APICallError.isInstance(error)) return { retry: false, message: error instanceof Error ? error.message : String(error) };
  const status = error.statusCode;
  const detail = providerDetail(error);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(error.responseHeaders) ?? googleRetryDelay(error.responseBody);
    return { retry: true, statusCode: 429, message: `rate limited (429)${detail}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (status !== undefined && status >= 500) return { retry: true, statusCode: status, message: `server error (${status})${detail}` };
  if (status === 401 || status === 403 || (status === 400 && isGoogleInvalidKey(error.responseBody))) {
    const key = site.apiKeySource === undefined ? 'the API key' : `the API key (from ${site.apiKeySource})`;
    return { retry: false, statusCode: status, message: `request refused (${status})${detail}; check ${key}` };
  }
  if (status === 404) {
    return { retry: false, statusCode: status, message: `request refused (404)${detail}; check the model name and the base URL ${site.endpoint} (the client appends /chat/completions, /messages or /models/<model>:generateContent)` };
  }
  if (status !== undefined) return { retry: false, statusCode: status, message: `request refused (${status})${detail}` };
  return { retry: error.isRetryable, message: error.message };
}

/** `retry-after-ms`, else `retry-after` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(headers: Readonly<Record<string, string>> | undefined, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** ": <the provider's own explanation>", from its JSON error body when it sent one. */
function providerDetail(error: APICallError): string {
  let text = error.message;
  try {
    const body = JSON.parse(error.responseBody ?? '') as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof message === 'string') text = message;
  } catch {
    // Not JSON (an HTML error page, say): the SDK's message is the best there is.
  }
  const line = text.trim().split('\n')[0] ?? '';
  if (line === '') return '';
  return `: ${line.length <= 300 ? line : `${line.slice(0, 299)}…`}`;
}

function isConnectionFailure(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (cause.message === 'fetch failed' || cause.message === 'terminated' || cause.message.includes('other side closed')) return true;
  }
  return false;
}

/** The codes and messages down the cause chain, e.g. "fetch failed / ECONNREFUSED". */
function connectionDetail(error: unknown): string {
  const parts: string[] = [];
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? code : cause.message.replace(/^Cannot connect to API: /, ''));
  }
  return [...new Set(parts)].join(' / ');
}
