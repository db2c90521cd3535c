import { describe, expect, it } from 'vitest';
import { chartToEvents } from '../../../src/core/chart-candles.js';
import { loadFixture } from '../../support/yahoo-fixtures.js';

// Recorded chart() answer: MSFT daily candles 2021-02-01 .. 2022-01-28 (252 trading days).
const FILE = 'chart-MSFT-2021-02-01-to-2022-01-31-1d.json';
const ALL = { period1: Date.parse('2021-02-01T00:00:00Z'), period2: Date.parse('2022-01-31T00:00:00Z') };

function chart(): { meta: object; timestamp: number[]; indicators: { quote: { close: (number | null)[]; volume: (number | null)[] }[] } } {
  return structuredClone((loadFixture(FILE).response.bodyJson as { chart: { result: never[] } }).chart.result[0] as never);
}

describe('chartToEvents', () => {
  it('maps every recorded candle: ts = candle start, price = close, volume = candle volume', () => {
    const r = chartToEvents(chart(), ALL);
    if (!r.ok) throw new Error(r.error);
    expect(r.events).toHaveLength(252);
    expect(r.events[0]).toEqual({ v: 1, symbol: 'MSFT', ts: Date.parse('2021-02-01T14:30:00Z'), price: 239.64999389648438, volume: 33314200, currency: 'USD', source: 'backfill' });
    expect(r.events.at(-1)).toMatchObject({ ts: Date.parse('2022-01-28T14:30:00Z'), price: 308.260009765625, volume: 49743700 });
    expect(r.nullCandles).toBe(0);
  });

  it('skips and counts candles without a close; a missing volume becomes 0', () => {
    const c = chart();
    const q = c.indicators.quote[0] as { close: (number | null)[]; volume: (number | null)[] };
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
