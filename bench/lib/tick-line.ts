/**
 * A tick-mode `quote` line as the processor writes one (price, volume and every indicator),
 * for the InfluxDB ceilings. `ts` is written as given: the caller's precision.
 */
export function tickLine(symbol: string, ts: string | number, price: number, volume: number): string {
  const p = price;
  return `quote,symbol=${symbol} price=${p},volume=${volume},sma_20=${p + 0.1},sma_50=${p + 0.2},ema_20=${p + 0.3},ema_50=${p + 0.4},rsi_14=51.23456789,macd=0.0123456789,macd_signal=0.0113456789,macd_hist=0.001,bb_upper=${p + 2},bb_middle=${p},bb_lower=${p - 2},vwap=${p - 0.5} ${ts}`;
}
