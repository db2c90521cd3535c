import { QuoteEventSchema } from '@tickflow/contracts';
import { decodeEvent } from '../decode.js';
import type { EntityStates, InRecord, Output, PartitionHandler } from '../handler.js';
import { IndicatorSet, type IndicatorConfig, type IndicatorSetState } from '../indicators/indicator-set.js';
import { MEASUREMENTS, type Point } from '../points.js';
import { addTick, candleFields, candleStart, openCandle, type Candle } from './candle.js';

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
}

interface SymbolState {
  indicators: IndicatorSet;
  lastTs: number;
  candle: Candle;
}

interface SymbolStateJson {
  indicators: IndicatorSetState;
  lastTs: number;
  candle: Candle;
}

/**
 * Quotes of one partition -> `quote` and `candle` points (indicators ride on one of them). A symbol always hashes
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
    const s = this.symbols.get(symbol);
    if (s && ts <= s.lastTs) {
      // Indicators need time order; an equal ts is a re-sent tick (e.g. a backfill rerun).
      const reason = ts === s.lastTs ? 'duplicate' : 'late';
      return void out.rejected.push({ record, reason, error: `${symbol} tick at ${ts} is not after ${s.lastTs}` });
    }
    const start = candleStart(ts, this.opts.candleMs);
    const tick = this.opts.emit === 'tick';
    let indicators: Record<string, number> | undefined;
    if (!s) {
      const fresh = { indicators: IndicatorSet.create(this.opts.indicators), lastTs: ts, candle: openCandle(start, price, volume) };
      this.symbols.set(symbol, fresh);
      if (tick) indicators = fresh.indicators.update(price, volume, ts);
    } else {
      s.lastTs = ts;
      if (start !== s.candle.start) {
        // Final value of the closed candle; in candle mode its indicators ride on the same line.
        const c = s.candle;
        const closed = this.candlePoint(symbol, c);
        if (!tick) closed.fields = { ...closed.fields, ...s.indicators.update(c.close, c.volume, c.start) };
        out.points.push(closed);
        s.candle = openCandle(start, price, volume);
      } else {
        addTick(s.candle, price, volume);
      }
      if (tick) indicators = s.indicators.update(price, volume, ts);
    }
    // One line per tick: the quote carries every warmed-up indicator.
    const fields = indicators ? Object.assign(indicators, { price, volume }) : { price, volume };
    out.points.push({ measurement: MEASUREMENTS.quote, tags: { symbol }, fields, ts });
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
      if (s) states.set(symbol, { indicators: s.indicators.toState(), lastTs: s.lastTs, candle: { ...s.candle } } satisfies SymbolStateJson);
    }
    this.dirty.clear();
    return states;
  }

  restore(states: EntityStates): void {
    for (const [symbol, raw] of states) {
      if (raw === null) continue;
      const j = raw as SymbolStateJson;
      this.symbols.set(symbol, { indicators: IndicatorSet.restore(j.indicators), lastTs: j.lastTs, candle: { ...j.candle } });
    }
  }

  gauges(): { trackedSymbols: number } {
    return { trackedSymbols: this.symbols.size };
  }

  private candlePoint(symbol: string, c: Candle): Point {
    return { measurement: MEASUREMENTS.candle, tags: { symbol, interval: this.interval }, fields: candleFields(c), ts: c.start };
  }
}
