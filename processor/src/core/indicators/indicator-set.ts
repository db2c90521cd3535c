import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Bollinger, type BollingerState } from './bollinger.js';
import { Ema, type EmaState } from './ema.js';
import { Macd, type MacdState } from './macd.js';
import { Ring } from './ring.js';
import { Rsi, type RsiState } from './rsi.js';
import type { Float64Slab } from './slab.js';
import { Sma, type SmaState } from './sma.js';
import { Vwap, type VwapState } from './vwap.js';

export interface IndicatorConfig {
  smaPeriods: readonly number[];
  emaPeriods: readonly number[];
  rsiPeriod: number;
  macd: { fast: number; slow: number; signal: number };
  bollinger: { period: number; k: number };
}

export const DEFAULT_INDICATORS: IndicatorConfig = {
  smaPeriods: [20, 50],
  emaPeriods: [20, 50],
  rsiPeriod: 14,
  macd: { fast: 12, slow: 26, signal: 9 },
  bollinger: { period: 20, k: 2 },
};

/** Field name -> value; only warmed-up indicators appear. */
export type IndicatorValues = Record<string, number>;

/**
 * Every indicator of one symbol, updated once per price. State is plain numbers and arrays,
 * so it can be checkpointed and restored exactly (technicalindicators keeps its state inside
 * generator closures, which cannot be serialised).
 */
export class IndicatorSet {
  // Field names are built once, not per tick (this is the hot path).
  private readonly smaFields: string[];
  private readonly emaFields: string[];
  private readonly rsiField: string;

  constructor(
    private readonly sma: Sma[],
    private readonly ema: Ema[],
    private readonly rsi: Rsi,
    private readonly macd: Macd,
    private readonly bb: Bollinger,
    private readonly vwap: Vwap,
  ) {
    this.smaFields = sma.map((s) => fieldName('sma', s.period));
    this.emaFields = ema.map((e) => fieldName('ema', e.period));
    this.rsiField = fieldName('rsi', rsi.period);
  }

  /** With a slab, the set's rings come from it, side by side (see Float64Slab). */
  static create(c: IndicatorConfig, slab?: Float64Slab): IndicatorSet {
    return new IndicatorSet(
      c.smaPeriods.map((p) => new Sma(p, new Ring(p, slab))),
      c.emaPeriods.map((p) => new Ema(p)),
      new Rsi(c.rsiPeriod),
      Macd.create(c.macd.fast, c.macd.slow, c.macd.signal),
      Bollinger.create(c.bollinger.period, c.bollinger.k, slab),
      new Vwap(),
    );
  }

  update(price: number, volume: number, ts: number): IndicatorValues {
    const out: IndicatorValues = {};
    for (let i = 0; i < this.sma.length; i++) {
      const v = (this.sma[i] as Sma).update(price);
      if (v !== undefined) out[this.smaFields[i] as string] = v;
    }
    for (let i = 0; i < this.ema.length; i++) {
      const v = (this.ema[i] as Ema).update(price);
      if (v !== undefined) out[this.emaFields[i] as string] = v;
    }
    const rsi = this.rsi.update(price);
    if (rsi !== undefined) out[this.rsiField] = rsi;
    const m = this.macd;
    m.step(price);
    if (!Number.isNaN(m.line)) {
      out.macd = m.line;
      if (!Number.isNaN(m.signalLine)) {
        out.macd_signal = m.signalLine;
        out.macd_hist = m.line - m.signalLine;
      }
    }
    const b = this.bb;
    b.step(price);
    if (!Number.isNaN(b.middle)) {
      out.bb_upper = b.upper;
      out.bb_middle = b.middle;
      out.bb_lower = b.lower;
    }
    const vwap = this.vwap.update(price, volume, ts);
    if (vwap !== undefined) out.vwap = vwap;
    return out;
  }

  toState(): IndicatorSetState {
    return {
      sma: this.sma.map((s) => s.toState()),
      ema: this.ema.map((e) => e.toState()),
      rsi: this.rsi.toState(),
      macd: this.macd.toState(),
      bb: this.bb.toState(),
      vwap: this.vwap.toState(),
    };
  }

  /** The whole set as doubles, in a fixed order (see decode). */
  encode(w: F64Writer): void {
    w.num(this.sma.length);
    for (const s of this.sma) s.encode(w);
    w.num(this.ema.length);
    for (const e of this.ema) e.encode(w);
    this.rsi.encode(w);
    this.macd.encode(w);
    this.bb.encode(w);
    this.vwap.encode(w);
  }

  static decode(r: F64Reader, slab?: Float64Slab): IndicatorSet {
    const sma = Array.from({ length: r.num() }, () => Sma.decode(r, slab));
    const ema = Array.from({ length: r.num() }, () => Ema.decode(r));
    const rsi = Rsi.decode(r);
    const macd = Macd.decode(r);
    return new IndicatorSet(sma, ema, rsi, macd, Bollinger.decode(r, slab), Vwap.decode(r));
  }

  static restore(s: IndicatorSetState): IndicatorSet {
    return new IndicatorSet(
      s.sma.map(Sma.restore),
      s.ema.map(Ema.restore),
      Rsi.restore(s.rsi),
      Macd.restore(s.macd),
      Bollinger.restore(s.bb),
      Vwap.restore(s.vwap),
    );
  }
}

const names = new Map<string, string>();
/** Interned `sma_20`-style names: one string per name for the whole process. */
function fieldName(kind: string, period: number): string {
  const key = `${kind}_${period}`;
  let name = names.get(key);
  // Stryker disable next-line ConditionalExpression: equivalent, interning only (same string either way)
  if (!name) names.set(key, (name = key));
  return name;
}

export interface IndicatorSetState {
  sma: SmaState[];
  ema: EmaState[];
  rsi: RsiState;
  macd: MacdState;
  bb: BollingerState;
  vwap: VwapState;
}
