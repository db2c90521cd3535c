/**
 * An HTTP status our fetch wrapper refuses to hand to yahoo-finance2 (429), with Retry-After.
 * `sessionStep`: it answered the cookie/crumb flow (consent page, getcrumb), not a data call.
 */
export class YahooHttpError extends Error {
  override name = 'YahooHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
    readonly sessionStep = false,
  ) {
    super(message);
  }
}

export type YahooFailureKind = 'rate_limited' | 'crumb' | 'validation' | 'network' | 'http' | 'unknown';

export interface YahooFailure {
  kind: YahooFailureKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  /** What yahoo-finance2 parsed before its schema check failed (FailedYahooValidationError). */
  partialResult?: unknown;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Sorts an error thrown by yahoo-finance2 (or by fetch underneath it) into what the poller
 * does about it. yahoo-finance2 does not export its error classes, so this goes by `name`.
 */
export function classifyYahooError(err: unknown): YahooFailure {
  if (!(err instanceof Error)) return { kind: 'unknown', message: String(err) };
  const message = err.message;
  if (err instanceof YahooHttpError) {
    // A 429 on the crumb request is Yahoo refusing a session, not throttling data: chart() still works.
    if (err.sessionStep) return { kind: 'crumb', message, status: err.status };
    return { kind: err.status === 429 ? 'rate_limited' : 'http', message, status: err.status, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  }
  if (err.name === 'FailedYahooValidationError') {
    return { kind: 'validation', message, partialResult: (err as Error & { result?: unknown }).result };
  }
  const status = err.name === 'HTTPError' ? Number((err as Error & { code?: unknown }).code) : undefined;
  if (status === 429) return { kind: 'rate_limited', message, status };
  // "Invalid Crumb" (401 JSON), "Failed to get crumb, status 4xx", "No set-cookie header ...",
  // "Too many consent redirects ...", "Unexpected redirect to ..." (EU consent flow).
  if (status === 401 || /crumb|cookie|consent|unexpected redirect/i.test(message)) return { kind: 'crumb', message, ...(status ? { status } : {}) };
  // Stryker disable next-line ConditionalExpression: the undefined test is equivalent, Number.isFinite(undefined) is false
  if (status !== undefined && Number.isFinite(status)) return { kind: 'http', message, status };
  const code = (err.cause as { code?: unknown } | undefined)?.code ?? (err as Error & { code?: unknown }).code;
  // Stryker disable next-line ConditionalExpression: the string test is equivalent, NETWORK_CODES holds only strings
  if (err.name === 'AbortError' || err.name === 'TimeoutError' || (typeof code === 'string' && NETWORK_CODES.has(code)) || (err instanceof TypeError && /fetch failed|network/i.test(message))) {
    return { kind: 'network', message: typeof code === 'string' ? `${message} (${code})` : message };
  }
  return { kind: 'unknown', message };
}
