/** An OHLCV candle being built from ticks. */
export interface Candle {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

export const candleStart = (ts: number, intervalMs: number): number => ts - (((ts % intervalMs) + intervalMs) % intervalMs);

export function openCandle(start: number, price: number, volume: number): Candle {
  return { start, open: price, high: price, low: price, close: price, volume, trades: 1 };
}

export function addTick(c: Candle, price: number, volume: number): void {
  // Stryker disable next-line EqualityOperator: equivalent, assigning an equal high changes nothing
  if (price > c.high) c.high = price;
  // Stryker disable next-line EqualityOperator: equivalent, assigning an equal low changes nothing
  if (price < c.low) c.low = price;
  c.close = price;
  c.volume += volume;
  c.trades++;
}

export function candleFields(c: Candle): Record<string, number> {
  return { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, trades: c.trades };
}
