import { describe, expect, it } from 'vitest';
import { chartToEvents } from '../../../../src/yahoo/core/chart-candles.js';
import { loadFixture } from '../../../support/yahoo-fixtures.js';

// Recorded chart() answer: MSFT daily candles 2021-02-01 .. 2022-01-28 (252 trading days).
const FILE = 'chart-MSFT-2021-02-01-to-2022-01-31-1d.json';
const ALL = { period1: Date.parse('2021-02-01T00:00:00Z'), period2: Date.parse('2022-01-31T00:00:00Z') };

type Series = (number | null)[];
function chart(): { meta: object; timestamp: number[]; indicators: { quote: { open: Series; high: Series; low: Series; close: Series; volume: Series }[] } } {
  return structuredClone((loadFixture(FILE).response.bodyJson as { chart: { result: never[] } }).chart.result[0] as never);
}

describe('chartToEvents', () => {
  it('maps every recorded candle: ts = candle start, price = close, its bar (open, high, low), volume = candle volume', () => {
    const r = chartToEvents(chart(), ALL);
    if (!r.ok) throw new Error(r.error);
    expect(r.events).toHaveLength(252);
    expect(r.events[0]).toEqual({
      v: 1, symbol: 'MSFT', ts: Date.parse('2021-02-01T14:30:00Z'),
      open: 235.05999755859375, high: 242.5, low: 232.42999267578125, price: 239.64999389648438,
      volume: 33314200, currency: 'USD', source: 'backfill',
    });
    expect(r.events.at(-1)).toMatchObject({ ts: Date.parse('2022-01-28T14:30:00Z'), price: 308.260009765625, volume: 49743700 });
    expect(r.events.every((e) => e.open !== undefined && e.low! <= Math.min(e.open, e.price) && e.high! >= Math.max(e.open, e.price))).toBe(true);
    expect([r.nullCandles, r.badBars]).toEqual([0, 0]);
  });

  it('a candle with a close but a null open, high or low is a close-only event', () => {
    const c = chart();
    const q = c.indicators.quote[0]!;
    q.open[0] = null;
    q.high[1] = null;
    q.low[2] = null;
    const r = chartToEvents(c, ALL);
    if (!r.ok) throw new Error(r.error);
    expect(r.events).toHaveLength(252);
    for (const e of r.events.slice(0, 3)) {
      expect(e).not.toHaveProperty('open');
      expect(e).not.toHaveProperty('high');
      expect(e).not.toHaveProperty('low');
    }
    expect(r.events[3]).toHaveProperty('open');
    expect([r.nullCandles, r.badBars]).toEqual([0, 0]);
  });

  it('a bar that contradicts its close is dropped and counted; the close is still sent', () => {
    const c = chart();
    const q = c.indicators.quote[0]!;
    q.low[0] = (q.close[0] as number) + 1;
    const r = chartToEvents(c, ALL);
    if (!r.ok) throw new Error(r.error);
    expect(r.events[0]).toEqual({ v: 1, symbol: 'MSFT', ts: Date.parse('2021-02-01T14:30:00Z'), price: 239.64999389648438, volume: 33314200, currency: 'USD', source: 'backfill' });
    expect(r.badBars).toBe(1);
  });

  it('skips and counts candles without a close; a missing volume becomes 0', () => {
    const c = chart();
    const q = c.indicators.quote[0]!;
    q.close[3] = null;
    q.close[4] = null;
    q.volume[5] = null;
    const r = chartToEvents(c, ALL);
    if (!r.ok) throw new Error(r.error);
    expect(r.events).toHaveLength(250);
    expect(r.nullCandles).toBe(2);
    expect(r.events[3]).toMatchObject({ ts: (c.timestamp[5] as number) * 1000, volume: 0 });
  });

  it('drops candles outside the requested window (e.g. the live candle Yahoo appends)', () => {
    const r = chartToEvents(chart(), { period1: Date.parse('2021-03-01T00:00:00Z'), period2: Date.parse('2021-04-01T00:00:00Z') });
    if (!r.ok) throw new Error(r.error);
    expect(r.events).toHaveLength(23);
    expect(r.outOfRange).toBe(252 - 23);
  });

  it('is deterministic: the same answer yields identical events', () => {
    expect(chartToEvents(chart(), ALL)).toEqual(chartToEvents(chart(), ALL));
  });

  it('rejects a payload of the wrong shape instead of throwing', () => {
    expect(chartToEvents({ chart: 'nope' }, ALL)).toMatchObject({ ok: false });
  });
});

describe('chartToEvents rules (hand-checked)', () => {
  const small = (over: object = {}) => ({
    meta: { symbol: 'X' },
    timestamp: [100, 160, 220],
    indicators: { quote: [{ close: [1, 2, 3], volume: [10, 20, 30] }] },
    ...over,
  });

  it('the window is half-open: a candle at period1 is in, one at period2 is out', () => {
    const r = chartToEvents(small(), { period1: 160_000, period2: 220_000 });
    expect(r).toEqual({ ok: true, events: [{ v: 1, symbol: 'X', ts: 160_000, price: 2, volume: 20, source: 'backfill' }], nullCandles: 0, outOfRange: 2, badBars: 0 });
  });

  it('no timestamps, no close or no volume series: nothing, all null candles, volume 0', () => {
    const all = { period1: 0, period2: 1e12 };
    expect(chartToEvents(small({ timestamp: undefined }), all)).toEqual({ ok: true, events: [], nullCandles: 0, outOfRange: 0, badBars: 0 });
    expect(chartToEvents(small({ indicators: { quote: [{}] } }), all)).toEqual({ ok: true, events: [], nullCandles: 3, outOfRange: 0, badBars: 0 });
    expect(chartToEvents(small({ indicators: { quote: [] } }), all)).toMatchObject({ ok: true, nullCandles: 3 });
    const noVolume = chartToEvents(small({ indicators: { quote: [{ close: [1, 2, 3] }] } }), all);
    expect(noVolume.ok && noVolume.events.map((e) => e.volume)).toEqual([0, 0, 0]);
  });

  it('a wrong shape is reported path by path', () => {
    expect(chartToEvents({ meta: { symbol: '' }, indicators: 'x' }, { period1: 0, period2: 1 })).toEqual({
      ok: false,
      error: 'meta.symbol: Too small: expected string to have >=1 characters; indicators: Invalid input: expected object, received string',
    });
  });
});
