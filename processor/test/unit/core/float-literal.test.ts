import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatLiteral, FLOAT_MAX_BYTES, writeFloat, writeUint } from '../../../src/core/float-literal.js';

/** xorshift32: the same doubles on every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const bits = new Float64Array(1);
const halves = new Uint32Array(bits.buffer);
/** The double `steps` representable values away from v. */
function neighbour(v: number, steps: number): number {
  bits[0] = v;
  const low = (halves[0] as number) + steps;
  halves[0] = low >>> 0;
  halves[1] = (halves[1] as number) + Math.floor(low / 2 ** 32);
  return bits[0] as number;
}

function expectString(v: number): void {
  expect(floatLiteral(v)).toBe(String(v));
}

describe('floatLiteral / writeFloat: exactly the text String(v) gives', () => {
  it('integers, int32 range and beyond, and -0', () => {
    for (const v of [0, -0, 1, -1, 9, 10, 99, 100, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, 123456]) expectString(v);
    fc.assert(fc.property(fc.integer(), (v) => {
      expectString(v);
    }), { numRuns: 2000 });
  });

  it('any finite double (property), inside and outside the digit writer\'s range', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
      expectString(v);
    }), { numRuns: 5000 });
  });

  it('300,000 doubles of the range prices and indicators live in (1e-4 to 1e15): random bits, cents, arithmetic', () => {
    const next = generator(12345);
    const wrong: number[] = [];
    const check = (v: number): void => {
      if (floatLiteral(v) !== String(v)) wrong.push(v);
    };
    for (let i = 0; i < 100_000; i++) {
      halves[0] = next();
      halves[1] = ((1023 - 14 + (next() % 64)) << 20) | (next() & 0xfffff);
      check(bits[0] as number);
      check(-(bits[0] as number));
    }
    for (let i = 0; i < 25_000; i++) {
      const cents = next() % 10_000_000;
      check(cents / 100);
      check(cents / 1000);
      const price = 100 + (next() % 100_000) / 100;
      check(price * 1.0001);
      check(price / 3);
    }
    expect(wrong).toEqual([]);
  });

  it('ties between two shortest decimals go to the even one', () => {
    // x.75 with a gap of 0.125: .7 and .8 are equally near; String picks .8
    for (const v of [999071221302533.75, 975473123649145.75, 907796240110162.75, 4503599627370495.5, 0.5 + 2 ** -40]) expectString(v);
  });

  it('around every power of ten of the range: carries, a run of nines, the point moving', () => {
    for (let e = -5; e <= 16; e++) {
      const p = Number(`1e${e}`);
      for (let d = -40; d <= 40; d++) expectString(neighbour(p, d));
      for (const v of [p * neighbour(10, -1), p * neighbour(1, 1), p * 0.1 + p * 0.2]) expectString(v);
    }
  });

  it('powers of two, subnormals and extremes (the JSON.stringify route)', () => {
    for (let e = -1074; e <= 1023; e += 7) expectString(2 ** e);
    for (const v of [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-7, 9.99999e-5, 1e15 + 0.5, 1e21, 1.5e300]) {
      expectString(v);
      expectString(-v);
    }
  });

  it('never writes past FLOAT_MAX_BYTES', () => {
    const buf = new Uint8Array(64);
    for (const v of [-0.0000012345678901234567, -1.7976931348623157e308, -2.2250738585072014e-308, -123456789012345.67, -2147483648]) {
      expect(writeFloat(buf, 0, v)).toBeLessThanOrEqual(FLOAT_MAX_BYTES);
    }
  });
});

describe('writeUint: a timestamp\'s digits', () => {
  it.each([0, 7, 99_999_999, 100_000_000, 1_765_000_000_123, 2 ** 53 - 1, 100_000_000_000_007])('%d', (n) => {
    const buf = new Uint8Array(20);
    const end = writeUint(buf, 3, n);
    expect(String.fromCharCode(...buf.subarray(3, end))).toBe(String(n));
  });
});
