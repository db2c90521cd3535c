import { describe, expect, it } from 'vitest';
import { classifyYahooError, YahooHttpError } from '../../../src/core/yahoo-errors.js';

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
