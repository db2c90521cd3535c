import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEvent } from '../../src/decode.js';
import { QuoteEventSchema } from '../../src/quote-event.js';
import { checkQuote, decodeQuote } from '../../src/quote-fast.js';

const LIMITS = { now: Date.UTC(2026, 0, 5), maxFutureMs: 60_000 };
const viaZod = (bytes: Buffer | null) => decodeEvent(QuoteEventSchema, bytes, LIMITS);

// Each field: mostly valid values, plus the edges and wrong types zod must judge.
const num = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -0, 1, 1e-300, 1e308, 2 ** 53, 2 ** 53 + 2, -1, 1.5));
const any = fc.oneof(num, fc.string({ maxLength: 4 }), fc.constantFrom(null, true, [], {}, '1'));
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.option(fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: any }), { nil: undefined, freq: 2 });
const price = fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0.01, max: 1000, noNaN: true }) }, { weight: 1, arbitrary: any });
const symbol = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Z.^=-]{1,8}$/) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('A', 'b', '9', '.', '^', '=', '-', ' ', '/', 'é', '\u{1F600}'), maxLength: 40 }) },
);
const currency = fc.oneof(fc.constantFrom('USD', 'EUR', 'US', 'USDX', '\u{1F600}U', 'a\u{1F600}', 'é€£'), fc.string({ maxLength: 4 }));
const quote = fc.record(
  {
    v: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: any }),
    symbol,
    ts: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: LIMITS.now + 120_000 }) }, { weight: 1, arbitrary: any }),
    price,
    volume: maybe(fc.double({ min: 0, max: 1e6, noNaN: true })),
    currency: maybe(currency),
    marketState: maybe(fc.constantFrom('PRE', 'REGULAR', 'POST', 'CLOSED', 'PREPRE', 'regular')),
    dayHigh: maybe(price),
    dayLow: maybe(price),
    previousClose: maybe(price),
    open: maybe(price),
    high: maybe(price),
    low: maybe(price),
    source: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('sim', 'yahoo', 'yahoo-chart', 'backfill', 'replay') }, { weight: 1, arbitrary: any }),
    extra: any,
  },
  { requiredKeys: [] },
);
// Whole bars in order (low <= open, close <= high) and out of order, so the refinement is hit both ways.
const bar = fc.record({ base: fc.double({ min: 1, max: 1000, noNaN: true }), d: fc.tuple(num, num, num, num) }).map(({ base, d }) => ({
  v: 1,
  symbol: 'AAPL',
  ts: 1_767_600_000_000,
  price: base + Math.abs(d[0] % 5),
  open: base + Math.abs(d[1] % 5),
  high: base + 5 + (d[2] % 2),
  low: base - (d[3] % 2),
  source: 'backfill',
}));
const text = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(quote, bar).map((q) => JSON.stringify(q)) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '42', '"x"', '{', '{"__proto__":{"v":1}}', '{"v":1,"symbol":"A","ts":1e999,"price":1,"source":"sim"}') },
);

describe('decodeQuote: the hand-checked fast path decides exactly as decodeEvent(QuoteEventSchema)', () => {
  it('same decision, reason, error text and event on random valid and invalid quotes (property)', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(text, (t) => {
        const bytes = Buffer.from(t);
        runs++;
        if (t !== '' && (() => { try { return checkQuote(JSON.parse(t)) !== undefined; } catch { return false; } })()) fast++;
        expect(decodeQuote(bytes, LIMITS)).toEqual(viaZod(bytes));
      }),
      { numRuns: 4000, seed: 25 },
    );
    // Both sides were exercised: many quotes took the fast path, many were left to zod.
    expect(fast).toBeGreaterThan(runs * 0.05);
    expect(runs - fast).toBeGreaterThan(runs * 0.3);
  });

  it('a plain quote takes the fast path: no copy, volume defaulted to 0 as zod does', () => {
    const raw = { v: 1, symbol: 'AAPL', ts: 1_767_600_000_000, price: 190.5, source: 'sim', marketState: 'REGULAR', currency: 'USD' };
    const checked = checkQuote(raw);
    expect(checked).toBe(raw);
    expect(checked).toEqual(QuoteEventSchema.parse({ ...raw }));
    expect(checked?.volume).toBe(0);
  });

  it('leaves to zod what zod would change or refuse: unknown keys, a partial or disordered bar, an astral currency', () => {
    const q = { v: 1, symbol: 'AAPL', ts: 1_767_600_000_000, price: 10, volume: 1, source: 'sim' };
    for (const bad of [{ ...q, extra: 1 }, { ...q, open: 10 }, { ...q, open: 10, high: 9, low: 8 }, { ...q, currency: '\u{1F600}U' }, { ...q, ts: 2 ** 53 }, { ...q, volume: -1 }]) {
      expect(checkQuote(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('a quote too far in the future is future_timestamp on either path', () => {
    const bytes = Buffer.from(JSON.stringify({ v: 1, symbol: 'AAPL', ts: LIMITS.now + 60_001, price: 10, source: 'sim' }));
    expect(decodeQuote(bytes, LIMITS)).toMatchObject({ ok: false, reason: 'future_timestamp' });
    expect(decodeQuote(bytes, LIMITS)).toEqual(viaZod(bytes));
  });
});
