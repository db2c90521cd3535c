import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLineProtocol } from '../../../src/core/line-protocol.js';
import type { Point } from '../../../src/core/points.js';
import { parseLine } from '../../support/line-protocol-parser.js';

// Strings full of the characters line protocol must escape. Backslash is left out: a tag value
// ending in '\' is ambiguous in line protocol itself (the official client does not escape it).
const tricky = fc.string({ unit: fc.constantFrom('a', 'Z', '9', 'é', ' ', ',', '=', '"', '\n', '\r', '\t', '.', '-'), maxLength: 8 });
const key = tricky.filter((s) => s !== '' && s !== '__proto__');
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const point = fc.record({
  measurement: key,
  tags: fc.dictionary(key, tricky, { maxKeys: 4 }),
  fields: fc.dictionary(key, fc.oneof(finite, fc.constantFrom(NaN, Infinity, -Infinity)), { minKeys: 1, maxKeys: 4 }),
  ts: fc.integer({ min: 1, max: 4_102_444_800_000 }),
  nsOffset: fc.integer({ min: 0, max: 999_999 }),
});

describe('line protocol round trip (property, independent parser)', () => {
  it('any point with a finite field reads back as written: empty tags and non-finite fields dropped', () => {
    fc.assert(
      fc.property(point, (p: Point) => {
        const finiteFields = Object.entries(p.fields).filter(([, v]) => Number.isFinite(v));
        fc.pre(finiteFields.length > 0);
        const line = toLineProtocol(p);
        expect(parseLine(line)).toEqual({
          measurement: p.measurement,
          tags: Object.fromEntries(Object.entries(p.tags).filter(([, v]) => v !== '')),
          fields: Object.fromEntries(finiteFields.map(([k, v]) => [k, v === 0 ? 0 : v])), // -0 is written as 0
          ts: p.ts,
          nsOffset: p.nsOffset ?? 0,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('tags are written sorted by key (InfluxDB canonical order)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.stringMatching(/^[a-z]{1,4}$/), { minKeys: 2, maxKeys: 5 }), (tags) => {
        const line = toLineProtocol({ measurement: 'm', tags, fields: { f: 1 }, ts: 1 });
        const written = line.split(' ')[0]!.split(',').slice(1).map((kv) => kv.split('=')[0]);
        expect(written).toEqual(Object.keys(tags).sort());
      }),
    );
  });

  it('a tag present with an undefined value (an optional tag spread in) is omitted', () => {
    const tags = { symbol: 'AAPL', interval: undefined } as unknown as Record<string, string>;
    expect(toLineProtocol({ measurement: 'candle', tags, fields: { close: 1 }, ts: 5 })).toBe('candle,symbol=AAPL close=1 5000000');
  });
});
