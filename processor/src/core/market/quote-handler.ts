import { decodeQuote, MEASUREMENTS } from '@tickflow/contracts';
import type { EntityStates, InRecord, Output, PartitionHandler } from '../handler.js';
import { IndicatorSet, indicatorNames, type IndicatorConfig, type IndicatorSetState } from '../indicators/indicator-set.js';
import { Float64Slab } from '../indicators/slab.js';
import { RowChunks, type Point } from '../points.js';
import { Retention } from '../retention.js';
import { addBar, candleFields, candleStart, openBarCandle, type Bar, type Candle } from './candle.js';
import { detectPattern, PATTERN_LOOKBACK } from './patterns.js';
import { RollupCandles, type RollupJson } from './rollup-candles.js';
import { F64Writer } from '../f64-codec.js';
import { FlushSpread, type FlushShare } from '../flush-spread.js';
import { decodeSymbol, encodeSymbol, type SymbolSnapshot } from './symbol-codec.js';

/**
 * `tick`: indicators update on every quote and are written on its `quote` line.
 * `candle`: indicators update on each closed candle's close and are written on its `candle` line,
 * which bounds InfluxDB load whatever the tick rate.
 */
export type EmitMode = 'tick' | 'candle';

export interface QuoteHandlerOptions {
  indicators: IndicatorConfig;
  maxFutureMs: number;
  emit: EmitMode;
  candleMs: number;
  /** Which bucket keeps which point (default: every point kept). */
  retention?: Retention;
}

const NO_FIELDS: Readonly<Record<string, string>> = Object.freeze({});

/** A symbol's state is exactly what its checkpoint holds (symbol-codec.ts). */
type SymbolState = SymbolSnapshot;

interface SymbolStateJson {
  indicators: IndicatorSetState;
  lastTs: number;
  candle: Candle;
  candleAt?: number;
  closed?: Candle[];
  rollups?: RollupJson[];
}

/**
 * Quotes of one partition -> `quote` and `candle` points (indicators ride on one of them). A symbol always hashes
 * to the same partition, so its ticks arrive here in order and its state lives only here.
 */
export class QuoteHandler implements PartitionHandler {
  readonly symbols = new Map<string, SymbolState>();
  private readonly dirty = new Set<string>();
  /** Symbols whose 1h/1d candles changed since they were last written. */
  private readonly rollupsDirty = new Set<string>();
  private readonly interval: string;
  private readonly retention: Retention;
  private readonly writer = new F64Writer();
  private readonly spread = new FlushSpread();
  /** Every symbol's price window (see Float64Slab). */
  private readonly slab = new Float64Slab();
  /** The quote line's numeric fields: indicators (tick mode), price, volume. */
  private readonly quoteNames: readonly string[];
  private readonly indicatorNames: readonly string[];
  private readonly rows = new RowChunks();

  constructor(private readonly opts: QuoteHandlerOptions) {
    this.interval = `${opts.candleMs / 60_000}m`;
    this.retention = opts.retention ?? Retention.keepAll;
    this.indicatorNames = indicatorNames(opts.indicators);
    this.quoteNames = Object.freeze([...(opts.emit === 'tick' ? this.indicatorNames : []), 'price', 'volume']);
  }

  handle(record: InRecord, out: Output): void {
    const d = decodeQuote(record.value, { now: record.timestamp, maxFutureMs: this.opts.maxFutureMs });
    if (!d.ok) return void out.rejected.push({ record, reason: d.reason, error: d.error });
    const { symbol, ts, price, volume } = d.event;
    const now = record.timestamp;
    // A backfilled/replayed bar updates every candle as a bar; a tick is a bar of one price.
    const e = d.event;
    const bar: Bar = e.open !== undefined && e.high !== undefined && e.low !== undefined ? { open: e.open, high: e.high, low: e.low, close: price } : { open: price, high: price, low: price, close: price };
    // Yahoo's session (PRE/REGULAR/POST/CLOSED), when the event carries one (optional in the contract).
    const state = (d.event as { marketState?: unknown }).marketState;
    const s = this.symbols.get(symbol);
    if (s && ts <= s.lastTs) {
      // Indicators need time order; an equal ts is a re-sent tick (e.g. a backfill rerun).
      const reason = ts === s.lastTs ? 'duplicate' : 'late';
      return void out.rejected.push({ record, reason, error: `${symbol} tick at ${ts} is not after ${s.lastTs}` });
    }
    const start = candleStart(ts, this.opts.candleMs);
    const tick = this.opts.emit === 'tick';
    let cur: SymbolState;
    if (!s) {
      cur = { indicators: IndicatorSet.create(this.opts.indicators, this.slab), lastTs: ts, candle: openBarCandle(start, bar, volume), candleAt: now, closed: [], rollups: new RollupCandles(this.retention) };
      this.symbols.set(symbol, cur);
    } else {
      cur = s;
      s.lastTs = ts;
      if (start !== s.candle.start) {
        // Final value of the closed candle; in candle mode its indicators ride on the same line.
        const c = s.candle;
        const closed = this.candlePoint(symbol, c);
        if (!tick) {
          closed.row = this.rows.row(this.indicatorNames);
          s.indicators.write(c.close, c.volume, c.start, closed.row.values, closed.row.at);
        }
        const keep = this.keepsCandle(s);
        if (keep) out.points.push(closed);
        else out.rawSkipped++;
        this.patternPoint(out, symbol, s, keep);
        s.candle = openBarCandle(start, bar, volume);
        s.candleAt = now;
      } else {
        addBar(s.candle, bar, volume);
      }
    }
    // One line per tick: the quote's numbers in one row (indicators first in tick mode), written
    // by position, no field object and no boxed number per field.
    const row = this.rows.row(this.quoteNames);
    if (tick) cur.indicators.write(price, volume, ts, row.values, row.at);
    const keepQuote = this.retention.keeps('raw', ts, now);
    if (keepQuote) {
      const end = row.at + this.quoteNames.length;
      row.values[end - 2] = price;
      row.values[end - 1] = volume;
      const fields = typeof state === 'string' ? { market_state: state } : NO_FIELDS;
      out.points.push({ measurement: MEASUREMENTS.quote, tags: { symbol }, fields, row, ts });
    } else {
      out.rawSkipped++;
    }
    const keepRollup = cur.rollups.add(symbol, ts, bar, volume, now, out.points);
    if (!keepQuote && !keepRollup && !this.keepsCandle(cur)) out.tooOld++;
    this.dirty.add(symbol);
    this.rollupsDirty.add(symbol);
    out.processed++;
  }

  /**
   * Writes the open candles touched in this batch (each rewrite overwrites the same point), and
   * `flush` of the symbols whose rollups changed, longest-changed first.
   */
  endBatch(out: Output, flush: FlushShare = 0): void {
    for (const symbol of this.dirty) {
      const s = this.symbols.get(symbol);
      if (s && this.keepsCandle(s)) out.points.push(this.candlePoint(symbol, s.candle));
    }
    let n = this.spread.take(flush, () => this.rollupsDirty.size);
    // A Set iterates in insertion order and a written symbol re-enters at the end: a round robin.
    for (const symbol of this.rollupsDirty) {
      if (n-- <= 0) break;
      this.symbols.get(symbol)?.rollups.flush(symbol, out.points);
      this.rollupsDirty.delete(symbol);
    }
  }

  takeDirty(): EntityStates {
    const states: EntityStates = new Map();
    for (const symbol of this.dirty) {
      const s = this.symbols.get(symbol);
      // Bytes now (a copy by construction): later ticks cannot change a taken state.
      if (s) states.set(symbol, encodeSymbol(this.writer, s));
    }
    this.dirty.clear();
    return states;
  }

  restore(states: EntityStates): void {
    for (const [symbol, raw] of states) {
      if (raw === null) continue;
      if (raw instanceof Uint8Array) {
        this.symbols.set(symbol, decodeSymbol(raw, this.retention, this.slab));
        this.rollupsDirty.add(symbol); // restored rollups are rewritten once, as below
        continue;
      }
      // A checkpoint written before the binary layout (V8 structured clone of the objects).
      const j = raw as SymbolStateJson;
      const rollups = RollupCandles.restore(this.retention, j.rollups);
      this.symbols.set(symbol, { indicators: IndicatorSet.restore(j.indicators), lastTs: j.lastTs, candle: { ...j.candle }, candleAt: j.candleAt ?? j.lastTs, closed: (j.closed ?? []).map((c) => ({ ...c })), rollups });
      if (j.rollups) this.rollupsDirty.add(symbol);
    }
  }

  gauges(): { trackedSymbols: number } {
    return { trackedSymbols: this.symbols.size };
  }

  /** The short candle goes to raw, decided with the timestamp of the record that opened it. */
  private keepsCandle(s: SymbolState): boolean {
    return this.retention.keeps('raw', s.candle.start, s.candleAt);
  }

  private candlePoint(symbol: string, c: Candle): Point {
    return { measurement: MEASUREMENTS.candle, tags: { symbol, interval: this.interval }, fields: candleFields(c), ts: c.start };
  }

  /** The closed candle joins the lookback; a pattern it completes is written at its start. */
  private patternPoint(out: Output, symbol: string, s: SymbolState, keep: boolean): void {
    s.closed.push({ ...s.candle });
    if (s.closed.length > PATTERN_LOOKBACK) s.closed.shift();
    const hit = detectPattern(s.closed);
    if (hit && keep) out.points.push({ measurement: MEASUREMENTS.pattern, tags: { symbol, interval: this.interval }, fields: { name: hit.name, direction: hit.direction }, ts: s.candle.start });
  }
}
