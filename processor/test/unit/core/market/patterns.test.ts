import { describe, expect, it } from 'vitest';
import type { QuoteEventInput } from '@tickflow/contracts';
import { emptyOutput, type Output } from '../../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../../src/core/indicators/indicator-set.js';
import { detectPattern } from '../../../../src/core/market/patterns.js';
import { QuoteHandler } from '../../../../src/core/market/quote-handler.js';

const c = (open: number, high: number, low: number, close: number) => ({ open, high, low, close });

describe('detectPattern', () => {
  it('engulfing: a longer opposite body covering the previous one', () => {
    expect(detectPattern([c(10, 10.1, 9.4, 9.5), c(9.4, 10.3, 9.3, 10.2)])).toEqual({ name: 'bullish_engulfing', direction: 'bullish' });
    expect(detectPattern([c(9.5, 10.1, 9.4, 10), c(10.1, 10.2, 9.2, 9.3)])).toEqual({ name: 'bearish_engulfing', direction: 'bearish' });
    // Same colour, or not covering: nothing.
    expect(detectPattern([c(9.5, 10.1, 9.4, 10), c(9.4, 10.3, 9.3, 10.2)])).toBeUndefined();
    expect(detectPattern([c(10, 10.1, 9.4, 9.5), c(9.6, 9.9, 9.5, 9.8)])).toBeUndefined();
  });

  it('hammer after a down candle, shooting star after an up candle', () => {
    expect(detectPattern([c(10, 10, 9.5, 9.6), c(9.5, 9.62, 9.0, 9.6)])).toEqual({ name: 'hammer', direction: 'bullish' });
    expect(detectPattern([c(9.6, 10, 9.5, 10), c(10.1, 10.6, 10.08, 10.0)])).toEqual({ name: 'shooting_star', direction: 'bearish' });
  });

  it('morning and evening stars over three candles', () => {
    expect(detectPattern([c(10, 10.1, 8.9, 9), c(8.9, 9, 8.7, 8.8), c(8.9, 9.8, 8.85, 9.7)])).toEqual({ name: 'morning_star', direction: 'bullish' });
    expect(detectPattern([c(9, 10.1, 8.9, 10), c(10.1, 10.3, 10.05, 10.2), c(10.1, 10.15, 9.2, 9.3)])).toEqual({ name: 'evening_star', direction: 'bearish' });
  });

  it('is silent on flat or too few candles (no warnings, no throw)', () => {
    expect(detectPattern([])).toBeUndefined();
    expect(detectPattern([c(1, 1, 1, 1)])).toBeUndefined();
    expect(detectPattern([c(1, 1, 1, 1), c(1, 1, 1, 1), c(1, 1, 1, 1)])).toBeUndefined();
  });

  it('works at any price scale (1e-8 assets)', () => {
    const s = 1e-8;
    expect(detectPattern([c(10 * s, 10.1 * s, 9.4 * s, 9.5 * s), c(9.4 * s, 10.3 * s, 9.3 * s, 10.2 * s)])?.name).toBe('bullish_engulfing');
  });
});

describe('QuoteHandler writes patterns of closed candles', () => {
  const T0 = Date.UTC(2026, 0, 5, 14, 30);
  const q = (ts: number, price: number, extra: Partial<QuoteEventInput> = {}): QuoteEventInput => ({ v: 1, symbol: 'AAPL', ts, price, volume: 1, source: 'sim', ...extra });
  const run = (h: QuoteHandler, quotes: QuoteEventInput[]): Output => {
    const out = emptyOutput();
    for (const e of quotes) h.handle({ value: Buffer.from(JSON.stringify(e)), offset: '0', timestamp: e.ts }, out);
    return out;
  };
  // Minute 0: 10 -> 9.5 (down); minute 1: 9.4 -> 10.2 (engulfs); minute 2 opens and closes minute 1.
  const ticks = [q(T0, 10), q(T0 + 20_000, 9.5), q(T0 + 60_000, 9.4), q(T0 + 90_000, 10.2), q(T0 + 120_000, 10.2)];

  it('one point per completed pattern, at the start of the completing candle, name and direction as strings', () => {
    const out = run(new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 }), ticks);
    expect(out.points.filter((p) => p.measurement === 'pattern')).toEqual([
      { measurement: 'pattern', tags: { symbol: 'AAPL', interval: '1m' }, fields: { name: 'bullish_engulfing', direction: 'bullish' }, ts: T0 + 60_000 },
    ]);
  });

  it('keeps the lookback across a checkpoint restore', () => {
    const opts = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 } as const;
    const a = new QuoteHandler(opts);
    run(a, ticks.slice(0, 3)); // minute 0 closed
    const b = new QuoteHandler(opts);
    b.restore(a.takeDirty());
    expect(run(b, ticks.slice(3)).points.filter((p) => p.measurement === 'pattern').map((p) => p.fields.name)).toEqual(['bullish_engulfing']);
  });
});
