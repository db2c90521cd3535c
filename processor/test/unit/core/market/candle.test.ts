import { describe, expect, it } from 'vitest';
import { addTick, candleFields, candleStart, openCandle } from '../../../../src/core/market/candle.js';

describe('candles', () => {
  it('candleStart floors the event time to the interval, also before 1970', () => {
    expect(candleStart(125_000, 60_000)).toBe(120_000);
    expect(candleStart(120_000, 60_000)).toBe(120_000);
    expect(candleStart(179_999, 60_000)).toBe(120_000);
    expect(candleStart(-1, 60_000)).toBe(-60_000);
    expect(candleStart(-60_000, 60_000)).toBe(-60_000);
    expect(candleStart(7, 300_000)).toBe(0);
  });

  it('OHLCV over ticks 100×10, 103×5, 98×2, 101×1 (hand-checked)', () => {
    const c = openCandle(120_000, 100, 10);
    expect(c).toEqual({ start: 120_000, open: 100, high: 100, low: 100, close: 100, volume: 10, trades: 1 });
    addTick(c, 103, 5);
    addTick(c, 98, 2);
    addTick(c, 101, 1);
    expect(candleFields(c)).toEqual({ open: 100, high: 103, low: 98, close: 101, volume: 18, trades: 4 });
    expect(c.start).toBe(120_000);
  });

  it('a tick between low and high changes neither', () => {
    const c = openCandle(0, 10, 0);
    addTick(c, 12, 0);
    addTick(c, 8, 0);
    addTick(c, 11, 0);
    expect(candleFields(c)).toMatchObject({ high: 12, low: 8, close: 11 });
  });
});
