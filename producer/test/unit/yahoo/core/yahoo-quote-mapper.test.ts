import { describe, expect, it } from 'vitest';
import { mapYahooQuote } from '../../../../src/yahoo/core/yahoo-quote-mapper.js';
import { loadFixture } from '../../../support/yahoo-fixtures.js';

/** Raw quote objects exactly as Yahoo sent them (recorded 2025-02-17, see fixtures/yahoo/README.md). */
function recordedQuote(file: string, symbol: string): Record<string, unknown> {
  const body = loadFixture(file).response.bodyJson as { quoteResponse: { result: Record<string, unknown>[] } };
  const q = body.quoteResponse.result.find((r) => r.symbol === symbol);
  if (!q) throw new Error(`${symbol} not in ${file}`);
  return structuredClone(q);
}

describe('mapYahooQuote', () => {
  it('maps a recorded equity quote: exchange time, price, day volume, currency, market state', () => {
    const r = mapYahooQuote(recordedQuote('quote-AAPL-BABA.json', 'AAPL'));
    expect(r).toEqual({
      ok: true,
      quote: {
        symbol: 'AAPL', ts: 1739566800000, price: 244.6, dayVolume: 40896227, currency: 'USD', marketState: 'CLOSED', gmtOffsetMs: -18000000,
        dayHigh: 245.41, dayLow: 241, previousClose: 241.53, source: 'yahoo',
      },
    });
  });

  it('maps a recorded 24/7 crypto quote', () => {
    const r = mapYahooQuote(recordedQuote('quote-BTC-USD.json', 'BTC-USD'));
    expect(r.ok && r.quote).toMatchObject({ symbol: 'BTC-USD', ts: 1739789580000, price: 96077.45, marketState: 'REGULAR', gmtOffsetMs: 0 });
  });

  it('accepts the Date yahoo-finance2 coerces regularMarketTime into', () => {
    const q = recordedQuote('quote-AAPL-BABA.json', 'AAPL');
    q.regularMarketTime = new Date(1739566800000);
    const r = mapYahooQuote(q);
    expect(r.ok && r.quote.ts).toBe(1739566800000);
  });

  it('rejects a wrong-typed field as parse_error, keeping the symbol for the log', () => {
    const q = recordedQuote('quote-AAPL-BABA.json', 'BABA');
    q.regularMarketPrice = 'n/a';
    expect(mapYahooQuote(q)).toMatchObject({ ok: false, symbol: 'BABA', reason: 'parse_error' });
  });

  it('rejects a missing price as parse_error and junk as parse_error without a symbol', () => {
    const q = recordedQuote('quote-AAPL-BABA.json', 'BABA');
    delete q.regularMarketPrice;
    expect(mapYahooQuote(q)).toMatchObject({ ok: false, reason: 'parse_error' });
    expect(mapYahooQuote('<html>')).toMatchObject({ ok: false, symbol: undefined, reason: 'parse_error' });
  });

  it('rejects a well-formed but impossible value as invalid_value', () => {
    for (const [field, value] of [
      ['regularMarketPrice', 0],
      ['regularMarketPrice', -3],
      ['regularMarketVolume', -1],
      ['currency', 'DOLLARS'],
    ] as const) {
      const q = recordedQuote('quote-AAPL-BABA.json', 'AAPL');
      q[field] = value;
      expect(mapYahooQuote(q), `${field}=${value}`).toMatchObject({ ok: false, symbol: 'AAPL', reason: 'invalid_value' });
    }
  });

  it('treats a missing day volume as 0 (FX quotes carry none)', () => {
    const q = recordedQuote('quote-AAPL-BABA.json', 'AAPL');
    delete q.regularMarketVolume;
    const r = mapYahooQuote(q);
    expect(r.ok && r.quote.dayVolume).toBe(0);
  });
});

describe('mapYahooQuote rules (hand-checked)', () => {
  const minimal = { symbol: 'EURUSD=X', regularMarketPrice: 1.0812, regularMarketTime: 1_739_566_800 };

  it('a minimal quote: epoch seconds to ms, no volume 0, no offset 0, no currency or state omitted', () => {
    expect(mapYahooQuote(minimal)).toEqual({ ok: true, quote: { symbol: 'EURUSD=X', ts: 1_739_566_800_000, price: 1.0812, dayVolume: 0, gmtOffsetMs: 0, source: 'yahoo' } });
    expect(mapYahooQuote({ ...minimal, currency: null, marketState: null, regularMarketVolume: null, gmtOffSetMilliseconds: null })).toEqual(mapYahooQuote(minimal));
  });

  it('keeps currency, market state and the exchange offset when given', () => {
    const r = mapYahooQuote({ ...minimal, currency: 'USD', marketState: 'POST', gmtOffSetMilliseconds: -18_000_000, regularMarketVolume: 12 });
    expect(r).toEqual({ ok: true, quote: { symbol: 'EURUSD=X', ts: 1_739_566_800_000, price: 1.0812, dayVolume: 12, currency: 'USD', marketState: 'POST', gmtOffsetMs: -18_000_000, source: 'yahoo' } });
  });

  it('error text lists every issue with its path', () => {
    const r = mapYahooQuote({ ...minimal, regularMarketPrice: -1, currency: 'DOLLARS' });
    expect(r).toMatchObject({ ok: false, symbol: 'EURUSD=X', reason: 'invalid_value' });
    expect(r.ok ? '' : r.error).toMatch(/^regularMarketPrice: .+; currency: .+$/);
    expect(mapYahooQuote(null)).toMatchObject({ ok: false, symbol: undefined, reason: 'parse_error', error: expect.stringMatching(/^\(root\): /) });
  });

  it('a non-string symbol is no symbol; a bad time (0, fraction of a ms) is a bad value', () => {
    expect(mapYahooQuote({ ...minimal, symbol: 42 })).toMatchObject({ ok: false, symbol: undefined, reason: 'parse_error' });
    expect(mapYahooQuote({ ...minimal, regularMarketTime: 0 })).toMatchObject({ ok: false, reason: 'invalid_value' });
    expect(mapYahooQuote({ ...minimal, regularMarketTime: new Date(1_739_566_800_123) })).toMatchObject({ ok: true, quote: { ts: 1_739_566_800_123 } });
  });

  it('any wrong type among the issues makes it a parse_error; an unparseable time (union) too', () => {
    expect(mapYahooQuote({ ...minimal, regularMarketPrice: 'n/a', currency: 'DOLLARS' })).toMatchObject({ ok: false, reason: 'parse_error' });
    expect(mapYahooQuote({ ...minimal, regularMarketTime: 'yesterday' })).toMatchObject({ ok: false, symbol: 'EURUSD=X', reason: 'parse_error' });
  });
});
