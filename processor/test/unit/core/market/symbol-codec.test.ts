import type { QuoteEventInput } from '@tickflow/contracts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../../../src/changelog.js';
import { F64Reader, F64Writer } from '../../../../src/core/f64-codec.js';
import { emptyOutput, type EntityStates, type InRecord, type Output } from '../../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../../src/core/indicators/indicator-set.js';
import { QuoteHandler, type QuoteHandlerOptions } from '../../../../src/core/market/quote-handler.js';
import { decodeSymbol, encodeSymbol } from '../../../../src/core/market/symbol-codec.js';
import { Retention } from '../../../../src/core/retention.js';
import { fieldRowsEqual } from '../../../support/points.js';

expect.addEqualityTesters([fieldRowsEqual]);

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const rec = (ts: number, price: number, volume: number, symbol: string): InRecord => ({
  value: Buffer.from(JSON.stringify({ v: 1, symbol, ts, price, volume, source: 'sim' } satisfies QuoteEventInput)),
  offset: '0',
  timestamp: ts,
});
// Three symbols, 17 s apart (candles close, patterns form), prices that cross days for vwap.
const ticks = Array.from({ length: 600 }, (_, i) => rec(T0 + i * 17_000 * 20, 100 + Math.sin(i / 7) * 9 + (i % 5) * 0.37, i % 4 === 0 ? 0 : 10 + i, `S${i % 3}`));

function batch(h: QuoteHandler, records: readonly InRecord[]): Output {
  const out = emptyOutput();
  for (const r of records) h.handle(r, out);
  h.endBatch(out);
  return out;
}

/** What the changelog stores and restores: every state through encodeState/decodeState. */
const throughChangelog = (states: EntityStates): EntityStates => new Map([...states].map(([k, v]) => [k, v === null ? null : decodeState(encodeState(v))]));

describe('a symbol checkpoint as doubles (symbol-codec)', () => {
  for (const emit of ['tick', 'candle'] as const) {
    it(`restored through the changelog, a ${emit}-mode handler continues bit-identically (every split)`, () => {
      const opts: QuoteHandlerOptions = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit, candleMs: 60_000 };
      for (const split of [1, 3, 40, 121, 333, 599]) {
        const whole = new QuoteHandler(opts);
        batch(whole, ticks.slice(0, split));
        whole.takeDirty(); // a checkpoint clears the dirty set (endBatch writes only what changed since)
        const before = new QuoteHandler(opts);
        batch(before, ticks.slice(0, split));
        const after = new QuoteHandler(opts);
        after.restore(throughChangelog(before.takeDirty()));
        // toStrictEqual compares numbers with Object.is: bit identity, -0 included.
        expect(batch(after, ticks.slice(split)), `after restore at ${split}`).toStrictEqual(batch(whole, ticks.slice(split)));
      }
    });
  }

  it('restores a checkpoint written before the binary layout (V8 clone of the state objects)', () => {
    const opts: QuoteHandlerOptions = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 };
    const whole = new QuoteHandler(opts);
    batch(whole, ticks.slice(0, 200));
    const legacy: EntityStates = new Map();
    for (const [symbol, s] of whole.symbols) legacy.set(symbol, { indicators: s.indicators.toState(), lastTs: s.lastTs, candle: { ...s.candle }, candleAt: s.candleAt, closed: s.closed.map((c) => ({ ...c })), rollups: s.rollups.toJson() });
    whole.takeDirty();
    const after = new QuoteHandler(opts);
    after.restore(throughChangelog(legacy));
    expect(batch(after, ticks.slice(200))).toStrictEqual(batch(whole, ticks.slice(200)));
  });

  it('restores a layout-1 checkpoint (a ring per indicator) and continues bit-identically; it is rewritten a third smaller', () => {
    // Written by the layout-1 encoder after ticks[0..333) (tick mode), before the price window was shared.
    const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/symbol-state-v1.json', import.meta.url), 'utf8')) as { states: Record<string, string> };
    const v1: EntityStates = new Map(Object.entries(fixture.states).map(([k, b64]) => [k, Buffer.from(b64, 'base64')]));
    const opts: QuoteHandlerOptions = { indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 };
    const whole = new QuoteHandler(opts);
    batch(whole, ticks.slice(0, 333));
    const v2 = whole.takeDirty();
    const after = new QuoteHandler(opts);
    after.restore(throughChangelog(v1));
    expect(batch(after, ticks.slice(333))).toStrictEqual(batch(whole, ticks.slice(333)));
    for (const [symbol, bytes] of v1) {
      const now = v2.get(symbol) as Uint8Array;
      // sma_20, sma_50 and bb(20) read one window of 51 prices instead of rings of 20, 50 and 20.
      expect((bytes as Uint8Array).length - now.length, symbol).toBe((20 + 50 + 20 - 51 + 3 + 3) * 8);
    }
  });

  it('decodes to the same state it encoded, and refuses another layout version or a truncated value', () => {
    const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit: 'tick', candleMs: 60_000 });
    batch(h, ticks.slice(0, 90));
    const s = h.symbols.get('S0');
    if (!s) throw new Error('S0 not tracked');
    const bytes = encodeSymbol(new F64Writer(), s);
    const back = decodeSymbol(bytes, Retention.keepAll);
    expect(back.indicators.toState()).toStrictEqual(s.indicators.toState());
    expect(back.rollups.toJson()).toStrictEqual(s.rollups.toJson());
    expect(s.rollups.toJson().filter((r) => r !== null)).toHaveLength(2); // 1h and 1d both open: both encoded
    expect({ lastTs: back.lastTs, candle: back.candle, candleAt: back.candleAt, closed: back.closed }).toStrictEqual({ lastTs: s.lastTs, candle: s.candle, candleAt: s.candleAt, closed: s.closed });
    const other = Buffer.from(bytes);
    other.writeDoubleLE(99, 1); // the version, after the changelog's header byte
    expect(() => decodeSymbol(other, Retention.keepAll)).toThrow('unknown symbol state version 99');
    expect(() => decodeSymbol(bytes.subarray(0, bytes.length - 8), Retention.keepAll)).toThrow('state ends early');
    expect(() => decodeSymbol(bytes.subarray(0, bytes.length - 3), Retention.keepAll)).toThrow('not a run of doubles');
  });
});

describe('F64Writer / F64Reader', () => {
  it('round-trips numbers, absent and NaN optionals, -0 and runs longer than its first buffer', () => {
    const w = new F64Writer();
    const long = Float64Array.from({ length: 1500 }, (_, i) => i / 3);
    w.reset().num(-0).opt(undefined).opt(Number.NaN).opt(7).nums(long).num(Infinity);
    const r = new F64Reader(w.bytes());
    expect([r.num(), r.opt(), r.opt(), r.opt()]).toStrictEqual([-0, undefined, Number.NaN, 7]);
    expect(r.nums(1500)).toStrictEqual(long);
    expect(r.num()).toBe(Infinity);
    r.end();
  });

  it('reads a value at any byte offset (a Kafka value is not aligned) and says when one is left unread', () => {
    const w = new F64Writer().reset().num(1.5).num(2.5);
    const shifted = Buffer.concat([Buffer.from([9]), w.bytes()]).subarray(1);
    const r = new F64Reader(shifted);
    expect(r.num()).toBe(1.5);
    expect(() => r.end()).toThrow('1 unread values');
  });

  it('leaves `header` zero bytes first when asked, and the reader skips them', () => {
    const bytes = new F64Writer().reset().num(-2.25).bytes(3);
    expect([...bytes.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect(new F64Reader(bytes, 3).num()).toBe(-2.25);
    expect(() => new F64Reader(bytes, 2)).toThrow('not a run of doubles');
  });

  it('reset() starts a new value: bytes() holds only what followed it', () => {
    const w = new F64Writer();
    w.reset().num(1).num(2);
    expect(new F64Reader(w.reset().num(3).bytes()).nums(1)).toStrictEqual(new Float64Array([3]));
  });
});
