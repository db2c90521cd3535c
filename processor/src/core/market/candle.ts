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

/** What one quote adds to a candle: a tick is a bar whose open, high, low and close are its price. */
export interface Bar {
  open: number;
  high: number;
  low: number;
  close: number;
}

export function openBarCandle(start: number, bar: Bar, volume: number): Candle {
  return { start, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume, trades: 1 };
}

export function addBar(c: Candle, bar: Bar, volume: number): void {
  // Stryker disable next-line EqualityOperator: equivalent, assigning an equal high changes nothing
  if (bar.high > c.high) c.high = bar.high;
  // Stryker disable next-line EqualityOperator: equivalent, assigning an equal low changes nothing
  if (bar.low < c.low) c.low = bar.low;
  c.close = bar.close;
  c.volume += volume;
  c.trades++;
}
