import { QuoteEventSchema } from '@tickflow/common';
import { decodeEvent } from '../decode.js';
import type { InRecord, Output, PartitionHandler } from '../handler.js';
import { IndicatorSet, type IndicatorConfig } from '../indicators/indicator-set.js';
import { MEASUREMENTS } from '../points.js';

export interface QuoteHandlerOptions {
  indicators: IndicatorConfig;
  maxFutureMs: number;
}

interface SymbolState {
  indicators: IndicatorSet;
  lastTs: number;
}

/**
 * Quotes of one partition -> `quote` and `indicators` points. A symbol always hashes to
 * the same partition, so its ticks arrive here in order and its state lives only here.
 */
export class QuoteHandler implements PartitionHandler {
  readonly symbols = new Map<string, SymbolState>();

  constructor(private readonly opts: QuoteHandlerOptions) {}

  handle(record: InRecord, out: Output): void {
    const d = decodeEvent(QuoteEventSchema, record.value, { now: record.timestamp, maxFutureMs: this.opts.maxFutureMs });
    if (!d.ok) {
      out.rejected.push({ record, reason: d.reason, error: d.error });
      return;
    }
    const q = d.event;
    let s = this.symbols.get(q.symbol);
    if (s && q.ts <= s.lastTs) {
      // Indicators need time order; an equal ts is a re-sent tick (e.g. a backfill rerun).
      const reason = q.ts === s.lastTs ? 'duplicate' : 'late';
      out.rejected.push({ record, reason, error: `${q.symbol} tick at ${q.ts} is not after ${s.lastTs}` });
      return;
    }
    if (!s) {
      s = { indicators: IndicatorSet.create(this.opts.indicators), lastTs: q.ts };
      this.symbols.set(q.symbol, s);
    }
    s.lastTs = q.ts;
    const tags = { symbol: q.symbol };
    out.points.push({ measurement: MEASUREMENTS.quote, tags, fields: { price: q.price, volume: q.volume }, ts: q.ts });
    const values = s.indicators.update(q.price, q.volume, q.ts);
    if (Object.keys(values).length > 0) {
      out.points.push({ measurement: MEASUREMENTS.indicators, tags, fields: values, ts: q.ts });
    }
    out.processed++;
  }

  endBatch(): void {}
}
