import { describe, expect, it } from 'vitest';
import { CLOSED_MARKET_STATES, QuoteDedup, volumeDelta } from '../../../../src/yahoo/core/quote-dedup.js';
import type { YahooQuoteSnapshot } from '../../../../src/yahoo/core/yahoo-quote-mapper.js';

const NY = -18_000_000;
// 2025-02-14 16:00 New York (the recorded AAPL close) and the next trading day's 09:31.
const FRI_CLOSE = 1739566800000;
const MON_OPEN = Date.UTC(2025, 1, 17, 14, 31);

function snap(over: Partial<YahooQuoteSnapshot>): YahooQuoteSnapshot {
  return { symbol: 'AAPL', ts: FRI_CLOSE, price: 244.6, dayVolume: 40896227, currency: 'USD', marketState: 'REGULAR', gmtOffsetMs: NY, source: 'yahoo', ...over };
}

describe('QuoteDedup', () => {
  it('emits the first quote with volume 0 and the exchange timestamp', () => {
    const r = new QuoteDedup().next(snap({}));
    expect(r).toEqual({ event: { v: 1, symbol: 'AAPL', ts: FRI_CLOSE, price: 244.6, volume: 0, currency: 'USD', marketState: 'REGULAR', source: 'yahoo' } });
  });

  it('skips an unchanged quote, also when only its timestamp moved', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    expect(d.next(snap({}))).toEqual({ skipped: 'unchanged' });
    expect(d.next(snap({ ts: FRI_CLOSE + 60_000 }))).toEqual({ skipped: 'unchanged' });
  });

  it('emits on a price change or a volume change, with the volume traded since the last emission', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    const a = d.next(snap({ ts: FRI_CLOSE + 1000, price: 244.7 }));
    expect('event' in a && a.event).toMatchObject({ price: 244.7, volume: 0 });
    const b = d.next(snap({ ts: FRI_CLOSE + 2000, price: 244.7, dayVolume: 40896227 + 1500 }));
    expect('event' in b && b.event).toMatchObject({ price: 244.7, volume: 1500 });
  });

  it('keeps symbols apart', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    expect('event' in d.next(snap({ symbol: 'BABA', price: 124.73 }))).toBe(true);
  });

  it('drops an older snapshot than the one already emitted (stale cache answer)', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    expect(d.next(snap({ ts: FRI_CLOSE - 5000, price: 244.1 }))).toEqual({ skipped: 'stale' });
  });
});

describe('volumeDelta', () => {
  it('is never negative: a new exchange day yields the new day volume', () => {
    expect(volumeDelta(snap({}), snap({ ts: MON_OPEN, dayVolume: 120_000 }))).toBe(120_000);
  });

  it('treats a drop on the same exchange day (rolling 24 h crypto volume) as no trades', () => {
    const prev = snap({ symbol: 'BTC-USD', ts: 1739789580000, dayVolume: 21228961792, gmtOffsetMs: 0 });
    expect(volumeDelta(prev, { ...prev, ts: prev.ts + 60_000, dayVolume: 21228000000 })).toBe(0);
  });

  it('uses the exchange offset, not UTC, to find the day boundary', () => {
    // 23:00 and 23:59 New York are the same exchange day although UTC has passed midnight.
    const late = Date.UTC(2025, 1, 18, 4, 0);
    expect(volumeDelta(snap({ ts: late, dayVolume: 500 }), snap({ ts: late + 59 * 60_000, dayVolume: 400 }))).toBe(0);
  });
});

describe('QuoteDedup rules (hand-checked)', () => {
  it('a changed quote at the same timestamp as the last emitted one is emitted, not stale', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    const r = d.next(snap({ price: 244.9, dayVolume: 40896227 + 300 }));
    expect(r).toEqual({ event: { v: 1, symbol: 'AAPL', ts: FRI_CLOSE, price: 244.9, volume: 300, currency: 'USD', marketState: 'REGULAR', source: 'yahoo' } });
  });

  it('unchanged means price AND day volume equal: a volume-only change is emitted', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    expect(d.next(snap({ ts: FRI_CLOSE + 1, dayVolume: 40896227 + 1 }))).toMatchObject({ event: { volume: 1 } });
  });

  it('a stale snapshot does not replace the last emitted one', () => {
    const d = new QuoteDedup();
    d.next(snap({}));
    d.next(snap({ ts: FRI_CLOSE - 5000, price: 244.1 })); // stale
    // Compared with the last emitted (244.6 at FRI_CLOSE), not with the stale one.
    expect(d.next(snap({ ts: FRI_CLOSE + 1000, price: 244.1 }))).toMatchObject({ event: { price: 244.1, volume: 0 } });
    expect(d.next(snap({ ts: FRI_CLOSE + 2000, price: 244.1 }))).toEqual({ skipped: 'unchanged' });
  });

  it('omits currency and market state when Yahoo gave none; has() tells known symbols', () => {
    const d = new QuoteDedup();
    expect(d.has('AAPL')).toBe(false);
    const r = d.next(snap({ currency: undefined, marketState: undefined }));
    expect(r).toEqual({ event: { v: 1, symbol: 'AAPL', ts: FRI_CLOSE, price: 244.6, volume: 0, source: 'yahoo' } });
    expect(d.has('AAPL')).toBe(true);
    expect(d.has('MSFT')).toBe(false);
  });

  it('volume delta at the exchange-day boundary: exactly midnight New York is the new day', () => {
    const midnightNy = Date.UTC(2025, 1, 18, 5, 0); // 00:00 EST
    const prev = snap({ ts: midnightNy - 1, dayVolume: 900 });
    expect(volumeDelta(prev, snap({ ts: midnightNy, dayVolume: 100 }))).toBe(100);
    expect(volumeDelta(prev, snap({ ts: midnightNy - 1, dayVolume: 100 }))).toBe(0);
    expect(volumeDelta(prev, snap({ ts: midnightNy, dayVolume: 900 }))).toBe(0); // equal counts: nothing traded
  });
});

describe('CLOSED_MARKET_STATES', () => {
  it("are Yahoo's states outside the regular session", () => {
    expect([...CLOSED_MARKET_STATES].sort()).toEqual(['CLOSED', 'POST', 'POSTPOST', 'PRE', 'PREPRE']);
    expect(CLOSED_MARKET_STATES.has('REGULAR')).toBe(false);
  });
});
