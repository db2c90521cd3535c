import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type InRecord } from '../../../src/core/handler.js';
import { DEFAULT_INDICATORS } from '../../../src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../../../src/core/market/quote-handler.js';
import { floatLiteral } from '../../../src/core/float-literal.js';
import { toLineProtocol } from '../../../src/core/line-protocol.js';
import type { Point } from '../../../src/core/points.js';
import { previousToLineProtocol } from '../../support/previous-line-protocol.js';

const T0 = Date.UTC(2026, 0, 5, 14, 30);

/** A generated quote stream through the real handler: every point it writes, both emit modes. */
function streamPoints(emit: 'tick' | 'candle'): Point[] {
  const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit, candleMs: 60_000 });
  const points: Point[] = [];
  for (let b = 0; b < 40; b++) {
    const out = emptyOutput();
    for (let i = 0; i < 50; i++) {
      const n = b * 50 + i;
      const quote = { v: 1, symbol: `S${n % 7}.X`, ts: T0 + n * 3_100, price: 50 + Math.sin(n / 9) * 20 + n * 1e-7, volume: n % 3 === 0 ? 0 : n * 0.25, marketState: 'REGULAR', source: 'sim' };
      h.handle({ value: Buffer.from(JSON.stringify(quote)), offset: String(n), timestamp: quote.ts } satisfies InRecord, out);
    }
    h.endBatch(out);
    points.push(...out.points);
  }
  return points;
}

describe('line protocol: identical to the previous writer', () => {
  it('on a generated quote stream, tick and candle mode (quote, candle and pattern lines)', () => {
    for (const emit of ['tick', 'candle'] as const) {
      const points = streamPoints(emit);
      expect(new Set(points.map((p) => p.measurement)).size).toBeGreaterThanOrEqual(2);
      for (const p of points) expect(toLineProtocol(p)).toBe(previousToLineProtocol(p));
    }
  });

  it('floatLiteral is String(v) for every finite double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(floatLiteral(v)).toBe(String(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('on arbitrary points: escapes, sorted tags, dropped non-finite fields, ns offsets (property)', () => {
    const tricky = fc.string({ unit: fc.constantFrom('a', 'Z', '9', 'é', ' ', ',', '=', '"', '\\', '\n', '.'), maxLength: 6 });
    const key = tricky.filter((s) => s !== '' && s !== '__proto__');
    const point = fc.record(
      {
        measurement: key,
        tags: fc.dictionary(key, tricky, { maxKeys: 3 }),
        fields: fc.dictionary(key, fc.oneof(fc.double(), tricky), { minKeys: 1, maxKeys: 4 }),
        ts: fc.integer({ min: 1, max: 4_102_444_800_000 }),
        nsOffset: fc.integer({ min: 0, max: 999_999 }),
      },
      { requiredKeys: ['measurement', 'tags', 'fields', 'ts'] },
    );
    fc.assert(
      fc.property(point, (p: Point) => {
        let previous: string | Error;
        try {
          previous = previousToLineProtocol(p);
        } catch (err) {
          previous = err as Error;
        }
        if (previous instanceof Error) expect(() => toLineProtocol(p)).toThrow(previous.message);
        else expect(toLineProtocol(p)).toBe(previous);
      }),
      { numRuns: 1000 },
    );
  });
});
