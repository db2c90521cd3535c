import { describe, expect, it } from 'vitest';
import { FxTable } from '../../src/fx.js';

describe('FxTable', () => {
  const fx = new FxTable('USD', { EUR: 1.087, GBP: 1.27, MAD: 0.1 });

  it('returns base-currency amounts unchanged', () => {
    expect(fx.toBase(123.45, 'USD')).toBe(123.45);
  });

  it('multiplies by the units of base per unit of the currency', () => {
    expect(fx.toBase(100, 'EUR')).toBe(100 * 1.087);
    expect(fx.toBase(2, 'GBP')).toBe(2.54);
    expect(fx.toBase(1000, 'MAD')).toBe(100);
  });

  it('returns undefined for an unknown currency, never a guess', () => {
    expect(fx.toBase(100, 'JPY')).toBeUndefined();
    expect(fx.toBase(100, 'usd')).toBeUndefined(); // codes are case-sensitive ISO 4217
  });
});
