import { describe, expect, it } from 'vitest';
import { subMsOffset } from '../../../../src/core/sales/high-ticket.js';

describe('subMsOffset', () => {
  it('is FNV-1a (32 bit) of the line key, modulo 1e6', () => {
    // FNV-1a("a") = 0xe40c292c = 3826002220 (reference value of the FNV test suite).
    expect(subMsOffset('a', undefined)).toBe(3826002220 % 1_000_000);
    // FNV-1a("") is the offset basis 0x811c9dc5 = 2166136261.
    expect(subMsOffset('', undefined)).toBe(2166136261 % 1_000_000);
  });

  it('tells lines of one order apart and is stable', () => {
    expect(subMsOffset('o1', '1')).not.toBe(subMsOffset('o1', '2'));
    expect(subMsOffset('o1', '1')).toBe(subMsOffset('o1', '1'));
    expect(subMsOffset('o1', undefined)).not.toBe(subMsOffset('o1', '1'));
  });

  it('stays in [0, 1e6) and spreads: 1000 order ids give (almost) 1000 distinct offsets', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => subMsOffset(`order-${i}`, undefined));
    expect(offsets.every((o) => Number.isInteger(o) && o >= 0 && o < 1_000_000)).toBe(true);
    // Birthday bound: expected collisions 1000²/2e6 = 0.5.
    expect(new Set(offsets).size).toBeGreaterThanOrEqual(997);
  });
});
