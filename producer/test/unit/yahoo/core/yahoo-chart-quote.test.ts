import { describe, expect, it } from 'vitest';
import { mapChartMeta, marketStateAt } from '../../../../src/yahoo/core/yahoo-chart-quote.js';
import { toMarketState } from '../../../../src/yahoo/core/yahoo-market-state.js';
import { loadFixture } from '../../../support/yahoo-fixtures.js';

const chartOf = (name: string) => (loadFixture(name).response.bodyJson as { chart: { result: Record<string, unknown>[] } }).chart.result[0]!;
const AAPL = chartOf('chart-AAPL-2026-10-03-meta.json');
const s = (sec: number): number => sec * 1000;

describe('chart() meta as a live quote', () => {
  it('tells the session from the recorded trading periods', () => {
    const p = { pre: { start: s(1790928000), end: s(1790947800) }, regular: { start: s(1790947800), end: s(1790971200) }, post: { start: s(1790971200), end: s(1790985600) } };
    expect(marketStateAt(p, s(1790930000))).toBe('PRE');
    expect(marketStateAt(p, s(1790947800))).toBe('REGULAR');
    expect(marketStateAt(p, s(1790971200))).toBe('POST');
    expect(marketStateAt(p, s(1790985600))).toBe('CLOSED');
    expect(marketStateAt(p, s(1790900000))).toBe('CLOSED');
  });

  it('maps the recorded AAPL meta: last price and time, day high/low, volume, previous close, state', () => {
    expect(mapChartMeta(AAPL, s(1790950000))).toEqual({
      ok: true,
      quote: {
        symbol: 'AAPL', ts: s(1790971201), price: 333.69, dayVolume: 31878433, currency: 'USD', marketState: 'REGULAR',
        gmtOffsetMs: -14_400_000, dayHigh: 334.54, dayLow: 330.61, previousClose: 167.3, source: 'yahoo-chart',
      },
    });
  });

  it('leaves the market state out without trading periods, and rejects a meta without a usable price', () => {
    const { currentTradingPeriod: _drop, ...meta } = AAPL.meta as Record<string, unknown>;
    const r = mapChartMeta({ meta }, s(1790950000));
    expect(r.ok && r.quote.marketState).toBeUndefined();
    expect(mapChartMeta({ meta: { ...meta, regularMarketPrice: 0 } }, 0)).toMatchObject({ ok: false, symbol: 'AAPL', reason: 'invalid_value' });
    expect(mapChartMeta({ meta: { ...meta, regularMarketPrice: 'n/a' } }, 0)).toMatchObject({ ok: false, reason: 'parse_error' });
    expect(mapChartMeta(null, 0)).toMatchObject({ ok: false, reason: 'parse_error' });
  });

  it('folds Yahoo market states into the contract\'s four', () => {
    expect(['PREPRE', 'PRE', 'REGULAR', 'POST', 'POSTPOST', 'CLOSED', 'weird', undefined].map(toMarketState)).toEqual(['CLOSED', 'PRE', 'REGULAR', 'POST', 'CLOSED', 'CLOSED', undefined, undefined]);
  });
});
