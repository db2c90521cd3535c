import type { F64Writer } from '../f64-codec.js';
import { F64Reader } from '../f64-codec.js';
import { STATE_HEADER_BYTES } from '../handler.js';
import { IndicatorSet } from '../indicators/indicator-set.js';
import type { Candle } from './candle.js';

/** Layout version, the first double of a symbol's checkpoint: bump it when the order changes. */
const VERSION = 1;

export interface SymbolSnapshot {
  indicators: IndicatorSet;
  lastTs: number;
  candle: Candle;
  closed: Candle[];
}

function writeCandle(w: F64Writer, c: Candle): void {
  w.num(c.start).num(c.open).num(c.high).num(c.low).num(c.close).num(c.volume).num(c.trades);
}

function readCandle(r: F64Reader): Candle {
  return { start: r.num(), open: r.num(), high: r.num(), low: r.num(), close: r.num(), volume: r.num(), trades: r.num() };
}

/** One symbol's state as bytes, written straight from the live objects (nothing copied first). */
export function encodeSymbol(w: F64Writer, s: SymbolSnapshot): Uint8Array {
  w.reset().num(VERSION).num(s.lastTs);
  writeCandle(w, s.candle);
  w.num(s.closed.length);
  for (const c of s.closed) writeCandle(w, c);
  s.indicators.encode(w);
  return w.bytes(STATE_HEADER_BYTES);
}

export function decodeSymbol(bytes: Uint8Array): SymbolSnapshot {
  const r = new F64Reader(bytes, STATE_HEADER_BYTES);
  const version = r.num();
  if (version !== VERSION) throw new Error(`unknown symbol state version ${version}`);
  const lastTs = r.num();
  const candle = readCandle(r);
  const closed = Array.from({ length: r.num() }, () => readCandle(r));
  const indicators = IndicatorSet.decode(r);
  r.end();
  return { indicators, lastTs, candle, closed };
}
