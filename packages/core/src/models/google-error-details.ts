/**
 * Facts in a Google API error body (`{ error: { code, message, status, details: [...] } }`)
 * that its HTTP status alone does not give.
 */
interface GoogleErrorDetail {
  readonly '@type'?: unknown;
  readonly reason?: unknown;
  readonly retryDelay?: unknown;
}

function detailsOf(responseBody: string | undefined): readonly GoogleErrorDetail[] {
  try {
    const details = (JSON.parse(responseBody ?? '') as { error?: { details?: unknown } }).error?.details;
    return Array.isArray(details) ? (details as GoogleErrorDetail[]) : [];
  } catch {
    return [];
  }
}

/** A refused key comes as 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not as 401. */
export function isGoogleInvalidKey(responseBody: string | undefined): boolean {
  return detailsOf(responseBody).some((detail) => detail.reason === 'API_KEY_INVALID');
}

/** The wait a 429's `google.rpc.RetryInfo` asks for (`"retryDelay": "37s"` or `"1.5s"`), in ms. */
export function googleRetryDelay(responseBody: string | undefined): number | undefined {
  for (const detail of detailsOf(responseBody)) {
    if (detail['@type'] !== 'type.googleapis.com/google.rpc.RetryInfo' || typeof detail.retryDelay !== 'string') continue;
    const seconds = /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay.trim());
    if (seconds !== null) return Number(seconds[1]) * 1000;
  }
  return undefined;
}
