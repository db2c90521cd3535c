import { MEASUREMENTS, ROLLUPS, type BucketKind } from '@tickflow/contracts';
import type { Point } from '../points.js';
import type { Retention } from '../retention.js';
import { addBar, candleFields, candleStart, openBarCandle, type Bar, type Candle } from './candle.js';

/** The long-lived candles every symbol keeps beside its short one: 1h (longterm) and 1d (daily), UTC-aligned. */
export const ROLLUP_CANDLES = [ROLLUPS.candleHour, ROLLUPS.candleDay] as const;

/** An open long-lived candle. `openedAt`: Kafka timestamp of the record that opened it (its retention decision). */
export interface Rollup {
  candle: Candle;
  openedAt: number;
  /** Changed since it was last written (not checkpointed: a restored rollup is rewritten once). */
  dirty: boolean;
}

export type RollupJson = Omit<Rollup, 'dirty'> | null;

/**
 * A symbol's rollup candles. A candle is written when its period ends (the next event falls in
 * a later one) and on flush, never per event: at 10,000 symbols, rewriting every open 1h/1d
 * candle at each batch end would double the lines.
 */
export class RollupCandles {
  private readonly open: (Rollup | undefined)[] = [];

  constructor(private readonly retention: Retention) {}

  /** Adds an event; returns whether any of its rollups is kept by its bucket. */
  add(symbol: string, ts: number, bar: Bar, volume: number, now: number, out: Point[]): boolean {
    let kept = false;
    // A loop, not forEach: this runs for every event, and a closure per call is garbage per event.
    for (let i = 0; i < ROLLUP_CANDLES.length; i++) {
      const spec = ROLLUP_CANDLES[i] as (typeof ROLLUP_CANDLES)[number];
      const start = candleStart(ts, spec.periodMs);
      let r = this.open[i];
      if (r && r.candle.start !== start) {
        this.write(symbol, i, r, out); // its final value
        r = undefined;
      }
      if (r) {
        addBar(r.candle, bar, volume);
        r.dirty = true;
      } else {
        this.open[i] = r = { candle: openBarCandle(start, bar, volume), openedAt: now, dirty: true };
      }
      kept ||= this.keeps(spec.bucket, r);
    }
    return kept;
  }

  /** Writes every rollup changed since it was last written. */
  flush(symbol: string, out: Point[]): void {
    this.open.forEach((r, i) => r && this.write(symbol, i, r, out));
  }

  toJson(): RollupJson[] {
    return ROLLUP_CANDLES.map((_, i) => {
      const r = this.open[i];
      return r ? { candle: { ...r.candle }, openedAt: r.openedAt } : null;
    });
  }

  /** Restored rollups count as changed: the checkpoint may be newer than their last write. */
  static restore(retention: Retention, json: readonly RollupJson[] | undefined): RollupCandles {
    const rc = new RollupCandles(retention);
    (json ?? []).forEach((j, i) => {
      if (j) rc.open[i] = { candle: { ...j.candle }, openedAt: j.openedAt, dirty: true };
    });
    return rc;
  }

  private keeps(bucket: BucketKind, r: Rollup): boolean {
    return this.retention.keeps(bucket, r.candle.start, r.openedAt);
  }

  private write(symbol: string, i: number, r: Rollup, out: Point[]): void {
    const spec = ROLLUP_CANDLES[i] as (typeof ROLLUP_CANDLES)[number];
    if (!r.dirty) return;
    r.dirty = false;
    if (!this.keeps(spec.bucket, r)) return;
    out.push({ measurement: MEASUREMENTS.candle, tags: { symbol, interval: spec.interval }, fields: candleFields(r.candle), ts: r.candle.start, bucket: spec.bucket });
  }
}
