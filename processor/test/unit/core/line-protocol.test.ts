import { escape } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import { LineBatch } from '../../../src/core/line-batch.js';
import { LineWriter, toLineProtocol } from '../../../src/core/line-protocol.js';
import type { Point } from '../../../src/core/points.js';

const TS = 1_709_510_400_000;
/** The line's timestamp: precision=ns. */
const NS = `${TS}000000`;
const line = (p: Partial<Point>): string => toLineProtocol({ measurement: 'm', tags: {}, fields: { f: 1 }, ts: TS, ...p });

describe('toLineProtocol', () => {
  it('writes the sub-millisecond offset as the last 6 digits of the ns timestamp', () => {
    expect(line({ nsOffset: 42 })).toBe(`m f=1 ${TS}000042`);
    expect(line({ nsOffset: 999_999 })).toBe(`m f=1 ${TS}999999`);
    expect(line({ nsOffset: 0 })).toBe(`m f=1 ${TS}000000`);
    expect(line({ ts: 5 })).toBe('m f=1 5000000');
  });

  it('writes measurement, tags, fields and the ns timestamp (ms event time, precision=ns)', () => {
    expect(line({ measurement: 'quote', tags: { symbol: 'AAPL' }, fields: { price: 189.5, volume: 1200 } })).toBe(
      `quote,symbol=AAPL price=189.5,volume=1200 ${NS}`,
    );
  });

  it('writes a row by position before the named fields, leaving out values not known yet (NaN) or not representable', () => {
    const values = [7, 1.5, 2, Number.NaN, Number.POSITIVE_INFINITY, 3];
    const row = { names: ['sma 20', 'price', 'rsi_14', 'volume'], values, at: 1 };
    expect(line({ measurement: 'quote', tags: { symbol: 'AAPL' }, fields: { market_state: 'PRE' }, row })).toBe(`quote,symbol=AAPL sma\\ 20=1.5,price=2,market_state="PRE" ${NS}`);
    expect(line({ fields: {}, row: { names: ['a', 'b'], values, at: 2 } })).toBe(`m a=2 ${NS}`);
    expect(() => line({ fields: {}, row: { names: ['a'], values, at: 3 } })).toThrow('point m has no finite field');
  });

  it('escapes spaces and commas in measurements (equals signs are literal there)', () => {
    expect(line({ measurement: 'my meas,x=y' })).toBe(`my\\ meas\\,x=y f=1 ${NS}`);
  });

  it('escapes spaces, commas and equals signs in tag keys, tag values and field keys', () => {
    expect(line({ tags: { 'pay method': 'Visa, Inc=card' }, fields: { 'a b,c=d': 2 } })).toBe(
      `m,pay\\ method=Visa\\,\\ Inc\\=card a\\ b\\,c\\=d=2 ${NS}`,
    );
    expect(line({ tags: { city: 'Rio de Janeiro' } })).toBe(`m,city=Rio\\ de\\ Janeiro f=1 ${NS}`);
  });

  it('escapes tags and measurements as the official InfluxDB client does, for space, comma and equals', () => {
    for (const s of ['São Paulo', 'a,b', 'k=v', ' lead', 'trail ', 'x,=y z']) {
      expect(line({ tags: { t: s } })).toBe(`m,t=${escape.tag(s)} f=1 ${NS}`);
      expect(line({ measurement: s })).toBe(`${escape.measurement(s)} f=1 ${NS}`);
    }
  });

  it('sorts tags by key whatever the insertion order, and omits empty tag values', () => {
    expect(line({ tags: { window: '60s', dim: 'city', partition: '2', key: 'Paris' } })).toBe(
      `m,dim=city,key=Paris,partition=2,window=60s f=1 ${NS}`,
    );
    expect(line({ tags: { b: '', a: '1' } })).toBe(`m,a=1 f=1 ${NS}`);
  });

  it('writes numbers as floats: integers without the i suffix, shortest round-trip decimals', () => {
    const out = line({ fields: { int: 3, big: 65_000, tiny: 1.2e-7, neg: -0.5, huge: 1e21, pi: Math.PI } });
    expect(out).toBe(`m int=3,big=65000,tiny=1.2e-7,neg=-0.5,huge=1e+21,pi=3.141592653589793 ${NS}`);
    expect(out).not.toMatch(/=\d+i\b/);
    // Every field value parses back to exactly the number written.
    const fields = out.split(' ')[1]!.split(',').map((kv) => Number(kv.split('=')[1]));
    expect(fields).toEqual([3, 65_000, 1.2e-7, -0.5, 1e21, Math.PI]);
  });

  it('drops non-finite fields and keeps the separators right', () => {
    expect(line({ fields: { a: NaN, b: 1, c: Infinity, d: 2, e: -Infinity } })).toBe(`m b=1,d=2 ${NS}`);
  });

  it('throws for a point with no finite field (or no field at all)', () => {
    expect(() => line({ fields: { a: NaN, b: Infinity } })).toThrow(/no finite field/);
    expect(() => line({ fields: {} })).toThrow(/no finite field/);
  });
});

describe('string fields', () => {
  it('are quoted with " and \\ escaped (pattern names, market state)', () => {
    expect(line({ fields: { name: 'a "b" \\c', n: 1 } })).toContain(' name="a \\"b\\" \\\\c",n=1 ');
  });
});

describe('LineWriter', () => {
  const p = (i: number, tags: Record<string, string> = { symbol: 'AAPL' }): Point => ({ measurement: 'quote', tags, fields: { price: 100 + i / 8 }, ts: TS + i });

  it('writes the points of a batch as the lines toLineProtocol gives, in order, and starts over after take', () => {
    const w = new LineWriter(16); // smaller than one line: the buffer grows
    const points = Array.from({ length: 50 }, (_, i) => p(i, i % 2 ? { symbol: 'Zürich AG', city: 'São Paulo' } : { symbol: 'AAPL' }));
    for (const x of points) w.add(x);
    const batch = w.take();
    expect(batch.count).toBe(50);
    expect(batch.lines()).toEqual(points.map(toLineProtocol));
    expect(w.take()).toBe(LineBatch.EMPTY);
    w.add(p(7));
    expect(w.take().lines()).toEqual([toLineProtocol(p(7))]);
  });

  it('a point it refuses (no finite field) leaves the batch as it was', () => {
    const w = new LineWriter();
    w.add(p(1));
    expect(() => w.add({ ...p(2), fields: { price: NaN } })).toThrow(/no finite field/);
    w.add(p(3));
    expect(w.take().lines()).toEqual([toLineProtocol(p(1)), toLineProtocol(p(3))]);
  });
});
