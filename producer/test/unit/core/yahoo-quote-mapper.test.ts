import { describe, expect, it } from 'vitest';
import { mapYahooQuote } from '../../../src/core/yahoo-quote-mapper.js';
import { loadFixture } from '../../support/yahoo-fixtures.js';

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
