import { describe, expect, it } from 'vitest';
import { classifyYahooError, YahooHttpError } from '../../../../src/yahoo/core/yahoo-errors.js';

function named(name: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

describe('classifyYahooError', () => {
  it('sorts the errors yahoo-finance2 and fetch throw', () => {
    expect(classifyYahooError(new YahooHttpError(429, 'HTTP 429', 5000))).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 5000 });
    expect(classifyYahooError(named('HTTPError', 'Too Many Requests', { code: 429 }))).toMatchObject({ kind: 'rate_limited' });
    expect(classifyYahooError(new Error('Invalid Crumb'))).toMatchObject({ kind: 'crumb' });
    expect(classifyYahooError(new Error('Failed to get crumb, status 401, statusText: Unauthorized'))).toMatchObject({ kind: 'crumb' });
    expect(classifyYahooError(named('HTTPError', 'Bad gateway', { code: 502 }))).toMatchObject({ kind: 'http', status: 502 });
    expect(classifyYahooError(named('FailedYahooValidationError', 'Failed Yahoo Schema validation', { result: [1] }))).toMatchObject({ kind: 'validation', partialResult: [1] });
    expect(classifyYahooError(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toMatchObject({ kind: 'network' });
    expect(classifyYahooError(named('TimeoutError', 'The operation was aborted due to timeout'))).toMatchObject({ kind: 'network' });
    expect(classifyYahooError('weird')).toMatchObject({ kind: 'unknown' });
  });
});

describe('classifyYahooError rules (hand-checked, whole result)', () => {
  it('our HTTP error: 429 is rate_limited with its Retry-After; another status is http, without retryAfterMs when none', () => {
    expect(classifyYahooError(new YahooHttpError(429, 'HTTP 429', 5000))).toEqual({ kind: 'rate_limited', message: 'HTTP 429', status: 429, retryAfterMs: 5000 });
    expect(classifyYahooError(new YahooHttpError(503, 'HTTP 503'))).toStrictEqual({ kind: 'http', message: 'HTTP 503', status: 503 });
    expect(new YahooHttpError(503, 'x')).toMatchObject({ name: 'YahooHttpError', status: 503, message: 'x' });
  });

  it("yahoo-finance2's HTTPError: 429 rate_limited, 401 crumb (with status), other statuses http", () => {
    expect(classifyYahooError(named('HTTPError', 'Too Many Requests', { code: 429 }))).toEqual({ kind: 'rate_limited', message: 'Too Many Requests', status: 429 });
    expect(classifyYahooError(named('HTTPError', 'Unauthorized', { code: 401 }))).toEqual({ kind: 'crumb', message: 'Unauthorized', status: 401 });
    expect(classifyYahooError(named('HTTPError', 'Bad gateway', { code: 502 }))).toEqual({ kind: 'http', message: 'Bad gateway', status: 502 });
    // An HTTPError without a numeric code is not an HTTP status.
    expect(classifyYahooError(named('HTTPError', 'odd', { code: 'x' }))).toEqual({ kind: 'unknown', message: 'odd' });
  });

  it('crumb and cookie failures by message, without a status', () => {
    expect(classifyYahooError(new Error('Invalid Crumb'))).toEqual({ kind: 'crumb', message: 'Invalid Crumb' });
    expect(classifyYahooError(new Error('No set-cookie header present in Yahoo response'))).toEqual({ kind: 'crumb', message: 'No set-cookie header present in Yahoo response' });
  });

  it('network: abort and timeout errors, socket codes on the error or its cause (named in the message), fetch TypeErrors', () => {
    expect(classifyYahooError(named('AbortError', 'aborted'))).toEqual({ kind: 'network', message: 'aborted' });
    expect(classifyYahooError(named('TimeoutError', 'timeout'))).toEqual({ kind: 'network', message: 'timeout' });
    expect(classifyYahooError(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toEqual({ kind: 'network', message: 'fetch failed (ECONNRESET)' });
    expect(classifyYahooError(named('Error', 'getaddrinfo', { code: 'EAI_AGAIN' }))).toEqual({ kind: 'network', message: 'getaddrinfo (EAI_AGAIN)' });
    expect(classifyYahooError(new TypeError('network error'))).toEqual({ kind: 'network', message: 'network error' });
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classifyYahooError(Object.assign(new Error('boom'), { code })).kind, code).toBe('network');
    }
  });

  it('anything else is unknown: other TypeErrors, unknown codes, non-errors', () => {
    expect(classifyYahooError(new TypeError('x is not a function'))).toEqual({ kind: 'unknown', message: 'x is not a function' });
    expect(classifyYahooError(Object.assign(new Error('boom'), { code: 'EWHATEVER' }))).toEqual({ kind: 'unknown', message: 'boom' });
    expect(classifyYahooError(42)).toEqual({ kind: 'unknown', message: '42' });
    // A numeric code counts as an HTTP status only on yahoo-finance2's HTTPError.
    expect(classifyYahooError(Object.assign(new Error('boom'), { code: 502 }))).toEqual({ kind: 'unknown', message: 'boom' });
  });
});
