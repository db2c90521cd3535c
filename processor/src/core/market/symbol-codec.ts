import type { F64Writer } from '../f64-codec.js';
import { F64Reader } from '../f64-codec.js';
import { STATE_HEADER_BYTES } from '../handler.js';
import { IndicatorSet } from '../indicators/indicator-set.js';
import type { Float64Slab } from '../indicators/slab.js';
import type { Retention } from '../retention.js';
import type { Candle } from './candle.js';
import { RollupCandles, type RollupJson } from './rollup-candles.js';

/**
 * Layout version, the first double of a symbol's checkpoint: bump it when the order changes.
 * 2: the indicators' price window written once (IndicatorSet.encode); 1 is still read.
 */
const VERSION = 2;

export interface SymbolSnapshot {
  indicators: IndicatorSet;
  lastTs: number;
  candle: Candle;
  /** Kafka timestamp of the record that opened `candle` (its retention decision). */
  candleAt: number;
  /** The last closed candles, oldest first (candlestick patterns). */
  closed: Candle[];
  rollups: RollupCandles;
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
  w.num(s.candleAt).num(s.closed.length);
  for (const c of s.closed) writeCandle(w, c);
  const rollups = s.rollups.toJson();
  w.num(rollups.length);
  for (const r of rollups) {
    w.num(r ? 1 : 0);
    if (r) writeCandle(w.num(r.openedAt), r.candle);
  }
  s.indicators.encode(w);
  return w.bytes(STATE_HEADER_BYTES);
}

/** The state encodeSymbol wrote; rollups restored as RollupCandles.restore does (they count as changed). */
export function decodeSymbol(bytes: Uint8Array, retention: Retention, slab?: Float64Slab): SymbolSnapshot {
  const r = new F64Reader(bytes, STATE_HEADER_BYTES);
  const version = r.num();
  if (version !== VERSION && version !== 1) throw new Error(`unknown symbol state version ${version}`);
  const lastTs = r.num();
  const candle = readCandle(r);
  const candleAt = r.num();
  const closed = Array.from({ length: r.num() }, () => readCandle(r));
  const json: RollupJson[] = Array.from({ length: r.num() }, () => (r.num() === 0 ? null : { openedAt: r.num(), candle: readCandle(r) }));
  const indicators = IndicatorSet.decode(r, version, slab);
  r.end();
  return { indicators, lastTs, candle, candleAt, closed, rollups: RollupCandles.restore(retention, json) };
}
