import { APICallError } from 'ai';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What a failed attempt means for the next one. */
export type FailureClass =
  | { readonly retry: false; readonly statusCode?: number; readonly message: string }
  | { readonly retry: true; readonly statusCode?: number; readonly message: string; readonly retryAfterMs?: number };

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** 429, 5xx and connection failures are worth another attempt; anything else is final. */
export function classifyFailure(error: unknown): FailureClass {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const detail = firstLine(error.responseBody ?? error.message);
    if (status === 429) return { retry: true, statusCode: 429, message: `rate limited (429)${detail === '' ? '' : `: ${detail}`}`, ...retryAfter(error.responseHeaders) };
    if (status !== undefined && status >= 500) return { retry: true, statusCode: status, message: `server error (${status})${detail === '' ? '' : `: ${detail}`}` };
    if (status !== undefined) return { retry: false, statusCode: status, message: `request refused (${status})${detail === '' ? '' : `: ${detail}`}` };
    if (isConnectionFailure(error)) return { retry: true, message: `connection failed: ${connectionDetail(error)}` };
    return { retry: error.isRetryable, message: error.message };
  }
  if (isConnectionFailure(error)) return { retry: true, message: `connection failed: ${connectionDetail(error)}` };
  return { retry: false, message: error instanceof Error ? error.message : String(error) };
}

/** `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
function retryAfter(headers: Record<string, string> | undefined): { retryAfterMs?: number } {
  const milliseconds = Number(headers?.['retry-after-ms']);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return { retryAfterMs: milliseconds };
  const value = headers?.['retry-after'];
  if (value === undefined) return {};
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  const date = Date.parse(value);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - Date.now()) };
}

function isConnectionFailure(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (cause.message === 'fetch failed' || cause.message === 'terminated' || cause.message.includes('other side closed')) return true;
  }
  return false;
}

function connectionDetail(error: unknown): string {
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) messages.push((cause as { code?: string }).code ?? cause.message);
  return [...new Set(messages)].join(' / ');
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length <= 300 ? line : `${line.slice(0, 299)}…`;
}
