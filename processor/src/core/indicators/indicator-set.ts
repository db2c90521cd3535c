import type { F64Reader, F64Writer } from '../f64-codec.js';
import { Bollinger, type BollingerState } from './bollinger.js';
import { Ema, type EmaState } from './ema.js';
import { Macd, type MacdState } from './macd.js';
import { Ring, type RingState } from './ring.js';
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
  /** The set's field names, in the order write() fills them (one array per configuration). */
  readonly names: readonly string[];

  /** `window`: the prices every windowed indicator reads (sized for the longest, plus the one leaving). */
  constructor(
    private readonly window: Ring,
    private readonly sma: Sma[],
    private readonly ema: Ema[],
    private readonly rsi: Rsi,
    private readonly macd: Macd,
    private readonly bb: Bollinger,
    private readonly vwap: Vwap,
  ) {
    this.names = indicatorNames({ smaPeriods: sma.map((s) => s.period), emaPeriods: ema.map((e) => e.period), rsiPeriod: rsi.period });
  }

  /** With a slab, the set's price window comes from it (see Float64Slab). */
  static create(c: IndicatorConfig, slab?: Float64Slab): IndicatorSet {
    const window = new Ring(Math.max(...c.smaPeriods, c.bollinger.period) + 1, slab);
    return new IndicatorSet(
      window,
      c.smaPeriods.map((p) => new Sma(p, window)),
      c.emaPeriods.map((p) => new Ema(p)),
      new Rsi(c.rsiPeriod),
      Macd.create(c.macd.fast, c.macd.slow, c.macd.signal),
      Bollinger.create(c.bollinger.period, c.bollinger.k, window),
      new Vwap(),
    );
  }

  /**
   * One price in; every value lands in `into` from `at`, in the order of `names`, NaN until
   * warmed up (the hot path: no object, no boxed number per field).
   */
  write(price: number, volume: number, ts: number, into: number[], at = 0): void {
    let i = at;
    this.window.push(price);
    for (const s of this.sma) {
      s.next(price);
      into[i++] = s.value;
    }
    for (const e of this.ema) {
      e.step(price);
      into[i++] = e.value;
    }
    this.rsi.step(price);
    into[i++] = this.rsi.value;
    const m = this.macd;
    m.step(price);
    into[i++] = m.line;
    into[i++] = m.signalLine;
    into[i++] = m.line - m.signalLine;
    const b = this.bb;
    b.next(price);
    into[i++] = b.upper;
    into[i++] = b.middle;
    into[i++] = b.lower;
    this.vwap.step(price, volume, ts);
    into[i] = this.vwap.value;
  }

  /** One price in; the warmed-up values by name. */
  update(price: number, volume: number, ts: number): IndicatorValues {
    const values = new Array<number>(this.names.length).fill(Number.NaN);
    this.write(price, volume, ts, values);
    const out: IndicatorValues = {};
    this.names.forEach((name, i) => {
      const v = values[i] as number;
      if (!Number.isNaN(v)) out[name] = v;
    });
    return out;
  }

  /** The JSON checkpoint shape, in which each windowed indicator had a ring of its own. */
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

  /** The whole set as doubles, in a fixed order (layout 2, see decode): the window once, then each indicator's own numbers. */
  encode(w: F64Writer): void {
    this.window.encode(w);
    w.num(this.sma.length);
    for (const s of this.sma) s.encodeSums(w);
    w.num(this.ema.length);
    for (const e of this.ema) e.encode(w);
    this.rsi.encode(w);
    this.macd.encode(w);
    this.bb.encodeSums(w);
    this.vwap.encode(w);
  }

  /** Layout 2 (encode), or 1: before the shared window, each of sma and bollinger wrote a ring of its own. */
  static decode(r: F64Reader, layout: 1 | 2, slab?: Float64Slab): IndicatorSet {
    if (layout === 1) return IndicatorSet.decodeV1(r, slab);
    const window = Ring.decode(r, slab);
    const sma = Array.from({ length: r.num() }, () => Sma.decodeSums(r, window));
    const ema = Array.from({ length: r.num() }, () => Ema.decode(r));
    const rsi = Rsi.decode(r);
    const macd = Macd.decode(r);
    return new IndicatorSet(window, sma, ema, rsi, macd, Bollinger.decodeSums(r, window), Vwap.decode(r));
  }

  private static decodeV1(r: F64Reader, slab?: Float64Slab): IndicatorSet {
    const smaV1 = (): SmaState => ({ period: r.num(), sum: r.num(), comp: r.num(), ring: readRingV1(r) });
    const sma = Array.from({ length: r.num() }, smaV1);
    const ema = Array.from({ length: r.num() }, () => Ema.decode(r));
    const rsi = Rsi.decode(r);
    const macd = Macd.decode(r);
    const k = r.num();
    const bb = { k, sma: smaV1() };
    const window = sharedWindow(sma, bb, slab);
    return new IndicatorSet(window, sma.map((s) => Sma.restore(s, window)), ema, rsi, macd, Bollinger.restore(bb, window), Vwap.decode(r));
  }

  static restore(s: IndicatorSetState): IndicatorSet {
    const window = sharedWindow(s.sma, s.bb);
    return new IndicatorSet(
      window,
      s.sma.map((x) => Sma.restore(x, window)),
      s.ema.map(Ema.restore),
      Rsi.restore(s.rsi),
      Macd.restore(s.macd),
      Bollinger.restore(s.bb, window),
      Vwap.restore(s.vwap),
    );
  }
}

/** Every windowed indicator saw the same prices: the longest of their rings holds all the others' values. */
function sharedWindow(sma: readonly SmaState[], bb: BollingerState, slab?: Float64Slab): Ring {
  const longest = [...sma, bb.sma].reduce((a, b) => (b.ring.size > a.ring.size ? b : a)).ring;
  return Ring.restore(longest, longest.size + 1, slab);
}

function readRingV1(r: F64Reader): RingState {
  const size = r.num();
  return { size, count: r.num(), head: r.num(), values: r.nums(size) };
}

const layouts = new Map<string, readonly string[]>();
/** The field names of a configuration, in write() order: one array per configuration for the whole process (a row layout's identity). */
export function indicatorNames(c: Pick<IndicatorConfig, 'smaPeriods' | 'emaPeriods' | 'rsiPeriod'>): readonly string[] {
  const key = `${c.smaPeriods.join(',')}|${c.emaPeriods.join(',')}|${c.rsiPeriod}`;
  let names = layouts.get(key);
  if (!names) {
    names = Object.freeze([...c.smaPeriods.map((p) => `sma_${p}`), ...c.emaPeriods.map((p) => `ema_${p}`), `rsi_${c.rsiPeriod}`, 'macd', 'macd_signal', 'macd_hist', 'bb_upper', 'bb_middle', 'bb_lower', 'vwap']);
    layouts.set(key, names);
  }
  return names;
}

export interface IndicatorSetState {
  sma: SmaState[];
  ema: EmaState[];
  rsi: RsiState;
  macd: MacdState;
  bb: BollingerState;
  vwap: VwapState;
}
