import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatLiteral } from '../../../src/core/float-literal.js';

describe('floatLiteral: the text String(v) gives, whichever route formats it', () => {
  it('integers, int32 range and beyond, and -0 (Smi fast path and its edges)', () => {
    for (const v of [0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, 123456]) {
      expect(floatLiteral(v)).toBe(String(v));
    }
    fc.assert(fc.property(fc.integer(), (v) => {
        expect(floatLiteral(v)).toBe(String(v));
      }), { numRuns: 2000 });
  });

  it('any finite double, formatted twice (cache miss, then hit)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(floatLiteral(v)).toBe(String(v));
        expect(floatLiteral(v)).toBe(String(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('values that share a cache slot never take each other\'s text', () => {
    // the slot is (low half ^ high half) masked: flipping the same bit in both halves keeps it
    const a = new Float64Array([1.1]);
    const halves = new Uint32Array(a.buffer);
    const b = new Float64Array(1);
    const bh = new Uint32Array(b.buffer);
    bh[0] = (halves[0] as number) ^ 0x10;
    bh[1] = (halves[1] as number) ^ 0x10;
    const [x, y] = [a[0] as number, b[0] as number];
    expect(x).not.toBe(y);
    for (let i = 0; i < 3; i++) {
      expect(floatLiteral(x)).toBe(String(x));
      expect(floatLiteral(y)).toBe(String(y));
    }
  });
});
