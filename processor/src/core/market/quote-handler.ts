import { QuoteEventSchema } from '@tickflow/contracts';
import { decodeEvent } from '../decode.js';
import type { EntityStates, InRecord, Output, PartitionHandler } from '../handler.js';
import { IndicatorSet, type IndicatorConfig, type IndicatorSetState } from '../indicators/indicator-set.js';
import { MEASUREMENTS, type Point } from '../points.js';
import { addTick, candleFields, candleStart, openCandle, type Candle } from './candle.js';
import { detectPattern, PATTERN_LOOKBACK } from './patterns.js';

/**
 * `tick`: indicators update and are written on every quote (live feel at Yahoo-like rates).
 * `candle`: indicators update on each closed candle's close and are written once per candle,
 * which bounds InfluxDB load whatever the tick rate.
 */
export type EmitMode = 'tick' | 'candle';

export interface QuoteHandlerOptions {
  indicators: IndicatorConfig;
  maxFutureMs: number;
  emit: EmitMode;
  candleMs: number;
}

interface SymbolState {
  indicators: IndicatorSet;
  lastTs: number;
  candle: Candle;
  /** The last closed candles, oldest first (candlestick patterns). */
  closed: Candle[];
}

interface SymbolStateJson {
  indicators: IndicatorSetState;
  lastTs: number;
  candle: Candle;
  closed?: Candle[];
}

/**
 * Quotes of one partition -> `quote`, `candle` and `indicators` points. A symbol always hashes
 * to the same partition, so its ticks arrive here in order and its state lives only here.
 */
export class QuoteHandler implements PartitionHandler {
  readonly symbols = new Map<string, SymbolState>();
  private readonly dirty = new Set<string>();
  private readonly interval: string;

  constructor(private readonly opts: QuoteHandlerOptions) {
    this.interval = `${opts.candleMs / 60_000}m`;
  }

  handle(record: InRecord, out: Output): void {
    const d = decodeEvent(QuoteEventSchema, record.value, { now: record.timestamp, maxFutureMs: this.opts.maxFutureMs });
    if (!d.ok) return void out.rejected.push({ record, reason: d.reason, error: d.error });
    const { symbol, ts, price, volume } = d.event;
    // Yahoo's session (PRE/REGULAR/POST/CLOSED), when the event carries one (optional in the contract).
    const state = (d.event as { marketState?: unknown }).marketState;
    const s = this.symbols.get(symbol);
    if (s && ts <= s.lastTs) {
      // Indicators need time order; an equal ts is a re-sent tick (e.g. a backfill rerun).
      const reason = ts === s.lastTs ? 'duplicate' : 'late';
      return void out.rejected.push({ record, reason, error: `${symbol} tick at ${ts} is not after ${s.lastTs}` });
    }
    const start = candleStart(ts, this.opts.candleMs);
    const tags = { symbol };
    out.points.push({ measurement: MEASUREMENTS.quote, tags, fields: typeof state === 'string' ? { price, volume, market_state: state } : { price, volume }, ts });
    if (!s) {
      const fresh = { indicators: IndicatorSet.create(this.opts.indicators), lastTs: ts, candle: openCandle(start, price, volume), closed: [] };
      this.symbols.set(symbol, fresh);
      if (this.opts.emit === 'tick') this.indicatorPoint(out, symbol, fresh.indicators.update(price, volume, ts), ts);
    } else {
      s.lastTs = ts;
      if (start !== s.candle.start) {
        out.points.push(this.candlePoint(symbol, s.candle)); // final value of the closed candle
        this.patternPoint(out, symbol, s);
        if (this.opts.emit === 'candle') {
          const c = s.candle;
          this.indicatorPoint(out, symbol, s.indicators.update(c.close, c.volume, c.start), c.start);
        }
        s.candle = openCandle(start, price, volume);
      } else {
        addTick(s.candle, price, volume);
      }
      if (this.opts.emit === 'tick') this.indicatorPoint(out, symbol, s.indicators.update(price, volume, ts), ts);
    }
    this.dirty.add(symbol);
    out.processed++;
  }

  /** Writes the open candles touched in this batch; each rewrite overwrites the same point. */
  endBatch(out: Output): void {
    for (const symbol of this.dirty) {
      const s = this.symbols.get(symbol);
      if (s) out.points.push(this.candlePoint(symbol, s.candle));
    }
  }

  takeDirty(): EntityStates {
    const states: EntityStates = new Map();
    for (const symbol of this.dirty) {
      const s = this.symbols.get(symbol);
      if (s) states.set(symbol, { indicators: s.indicators.toState(), lastTs: s.lastTs, candle: { ...s.candle }, closed: s.closed.map((c) => ({ ...c })) } satisfies SymbolStateJson);
    }
    this.dirty.clear();
    return states;
  }

  restore(states: EntityStates): void {
    for (const [symbol, raw] of states) {
      if (raw === null) continue;
      const j = raw as SymbolStateJson;
      this.symbols.set(symbol, { indicators: IndicatorSet.restore(j.indicators), lastTs: j.lastTs, candle: { ...j.candle }, closed: (j.closed ?? []).map((c) => ({ ...c })) });
    }
  }

  private candlePoint(symbol: string, c: Candle): Point {
    return { measurement: MEASUREMENTS.candle, tags: { symbol, interval: this.interval }, fields: candleFields(c), ts: c.start };
  }

  /** The closed candle joins the lookback; a pattern it completes is written at its start. */
  private patternPoint(out: Output, symbol: string, s: SymbolState): void {
    s.closed.push({ ...s.candle });
    if (s.closed.length > PATTERN_LOOKBACK) s.closed.shift();
    const hit = detectPattern(s.closed);
    if (hit) out.points.push({ measurement: MEASUREMENTS.pattern, tags: { symbol, interval: this.interval }, fields: { name: hit.name, direction: hit.direction }, ts: s.candle.start });
  }

  private indicatorPoint(out: Output, symbol: string, values: Record<string, number>, ts: number): void {
    if (Object.keys(values).length > 0) out.points.push({ measurement: MEASUREMENTS.indicators, tags: { symbol }, fields: values, ts });
  }
}
