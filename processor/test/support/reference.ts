import { BollingerBands, EMA, MACD, RSI, SMA } from 'technicalindicators';

/** Drops the leading undefined values, so index 0 is the first value produced. */
const fromFirst = (xs: (number | undefined)[]): (number | undefined)[] => {
  const i = xs.findIndex((x) => x !== undefined);
  return i < 0 ? [] : xs.slice(i);
};

/** Every `indicators` field with a technicalindicators counterpart (vwap has none). */
export const REFERENCE_FIELDS = [
  'sma_20', 'sma_50', 'ema_20', 'ema_50', 'rsi_14', 'macd', 'macd_signal', 'macd_hist', 'bb_upper', 'bb_middle', 'bb_lower',
] as const;
export type ReferenceField = (typeof REFERENCE_FIELDS)[number];

/**
 * technicalindicators 3.1.0 (default config, no precision rounding except RSI's built-in 2
 * decimals) over a whole series, keyed by our `indicators` field names. Each series omits the
 * warm-up, as technicalindicators does: its first value belongs to input `n - length`.
 */
export function referenceIndicators(values: number[]): Record<ReferenceField, (number | undefined)[]> {
  const macd = MACD.calculate({ values, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
  const bb = BollingerBands.calculate({ period: 20, stdDev: 2, values });
  return {
    sma_20: SMA.calculate({ period: 20, values }),
    sma_50: SMA.calculate({ period: 50, values }),
    ema_20: EMA.calculate({ period: 20, values }),
    ema_50: EMA.calculate({ period: 50, values }),
    rsi_14: RSI.calculate({ period: 14, values }),
    macd: macd.map((m) => m.MACD),
    macd_signal: fromFirst(macd.map((m) => m.signal)),
    macd_hist: fromFirst(macd.map((m) => m.histogram)),
    bb_upper: bb.map((b) => b.upper),
    bb_middle: bb.map((b) => b.middle),
    bb_lower: bb.map((b) => b.lower),
  };
}
