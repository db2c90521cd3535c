/**
 * Classic candlestick patterns on closed candles, textbook definitions (Nison). Written here
 * rather than with technicalindicators' finders: those console.warn on short input, call a
 * candle a doji within 0.1 % of price (most one-minute candles), and their engulfing test does
 * not check the colour of the engulfing candle.
 */
import type { Candle } from './candle.js';

export type Direction = 'bullish' | 'bearish';
export interface PatternHit {
  name: string;
  direction: Direction;
}
type Ohlc = Pick<Candle, 'open' | 'high' | 'low' | 'close'>;

/** Closed candles a detector needs: the last three. */
export const PATTERN_LOOKBACK = 3;

const body = (c: Ohlc): number => Math.abs(c.close - c.open);
const up = (c: Ohlc): boolean => c.close > c.open;
const down = (c: Ohlc): boolean => c.close < c.open;
const upper = (c: Ohlc): number => c.high - Math.max(c.open, c.close);
const lower = (c: Ohlc): number => Math.min(c.open, c.close) - c.low;

function engulfing(prev: Ohlc, cur: Ohlc): PatternHit | undefined {
  if (body(cur) <= body(prev)) return undefined;
  if (down(prev) && up(cur) && cur.open <= prev.close && cur.close >= prev.open) return { name: 'bullish_engulfing', direction: 'bullish' };
  if (up(prev) && down(cur) && cur.open >= prev.close && cur.close <= prev.open) return { name: 'bearish_engulfing', direction: 'bearish' };
  return undefined;
}

/** Small body near one end, the shadow on the other end at least twice the body. */
function hammerOrStar(prev: Ohlc, cur: Ohlc): PatternHit | undefined {
  const b = body(cur);
  const range = cur.high - cur.low;
  if (range <= 0 || b === 0 || b > range / 3) return undefined;
  if (lower(cur) >= 2 * b && upper(cur) <= b / 2 && down(prev)) return { name: 'hammer', direction: 'bullish' };
  if (upper(cur) >= 2 * b && lower(cur) <= b / 2 && up(prev)) return { name: 'shooting_star', direction: 'bearish' };
  return undefined;
}

/** A long candle, a small one, then a candle closing past the first one's midpoint. */
function star(a: Ohlc, b: Ohlc, c: Ohlc): PatternHit | undefined {
  if (body(b) > body(a) * 0.3 || body(a) === 0) return undefined;
  const mid = (a.open + a.close) / 2;
  if (down(a) && up(c) && Math.max(b.open, b.close) <= a.close && c.close > mid) return { name: 'morning_star', direction: 'bullish' };
  if (up(a) && down(c) && Math.min(b.open, b.close) >= a.close && c.close < mid) return { name: 'evening_star', direction: 'bearish' };
  return undefined;
}

/**
 * Patterns completed by the last of `candles` (oldest first), three-candle ones first. At most
 * one hit per candle: the strongest (longest) pattern explains it best.
 */
export function detectPattern(candles: readonly Ohlc[]): PatternHit | undefined {
  const n = candles.length;
  const [a, b, c] = [candles[n - 3], candles[n - 2], candles[n - 1]];
  if (!c || !b) return undefined;
  return (a ? star(a, b, c) : undefined) ?? engulfing(b, c) ?? hammerOrStar(b, c);
}
