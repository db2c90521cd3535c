import { describe, expect, it } from 'vitest';
import { MetricsEventSchema } from '../../src/metrics-event.js';
import { QuoteEventSchema } from '../../src/quote-event.js';
import { SaleEventSchema } from '../../src/sale-event.js';

const sale = {
  v: 1,
  orderId: 'o-1',
  customerId: 'c-1',
  segment: 'consumer',
  ts: 1_767_600_000_000,
  category: 'books',
  product: 'Atlas',
  quantity: 3,
  unitPrice: 10,
  amount: 30,
  currency: 'EUR',
  city: 'Rabat',
  country: 'MA',
  paymentMethod: 'card',
};

describe('SaleEventSchema', () => {
  it('accepts a sale and keeps every field', () => {
    expect(SaleEventSchema.parse(sale)).toEqual(sale);
  });

  it('rule: amount = quantity × unitPrice within 1 cent (inclusive) plus 1e-9 relative', () => {
    const ok = (amount: number, extra: Partial<typeof sale> = {}) => SaleEventSchema.safeParse({ ...sale, ...extra, amount }).success;
    expect(ok(30.01)).toBe(true); // exactly one cent off: still accepted (<=)
    expect(ok(29.99)).toBe(true);
    // A difference exactly equal to the tolerance (0.01 + 1e-9 × 0.06000000006, exact in
    // doubles) is accepted: the bound is inclusive.
    expect(Math.abs(0.06000000006 - 0.05)).toBe(0.01 + 1e-9 * 0.06000000006);
    expect(ok(0.06000000006, { quantity: 1, unitPrice: 0.05 })).toBe(true);
    expect(ok(30.0101)).toBe(false);
    // Large amounts: the relative part widens the tolerance to 0.01 + 1e-9 × 1e9 ≈ 1.01.
    const big = { quantity: 1, unitPrice: 1_000_000_000 };
    expect(ok(1_000_000_001.005, big)).toBe(true);
    expect(ok(1_000_000_001.02, big)).toBe(false);
  });

  it('names the amount rule in its error, on the amount path', () => {
    const r = SaleEventSchema.safeParse({ ...sale, amount: 31 });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ['amount'], message: 'amount must equal quantity * unitPrice' })]);
  });

  it('country is 2 to 64 characters', () => {
    const ok = (country: string) => SaleEventSchema.safeParse({ ...sale, country }).success;
    expect(ok('M')).toBe(false);
    expect(ok('Morocco')).toBe(true);
    expect(ok('x'.repeat(64))).toBe(true);
    expect(ok('x'.repeat(65))).toBe(false);
  });
});

describe('QuoteEventSchema', () => {
  const quote = { v: 1, symbol: 'AAPL', ts: 1_767_600_000_000, price: 190.5, volume: 100, source: 'replay' };

  it('marketState is optional and at most 16 characters', () => {
    expect(QuoteEventSchema.parse(quote)).toEqual(quote);
    expect(QuoteEventSchema.parse({ ...quote, marketState: 'REGULAR' }).marketState).toBe('REGULAR');
    expect(QuoteEventSchema.safeParse({ ...quote, marketState: 'x'.repeat(16) }).success).toBe(true);
    expect(QuoteEventSchema.safeParse({ ...quote, marketState: 'x'.repeat(17) }).success).toBe(false);
  });
});

describe('MetricsEventSchema', () => {
  const m = { v: 1, service: 'producer', instance: 'host-1', ts: 1_767_600_000_000, source: 'sim', counters: { sent_total: 5, dlq: 0 } };
  const ok = (patch: object) => MetricsEventSchema.safeParse({ ...m, ...patch }).success;

  it('accepts an event and keeps every field', () => {
    expect(MetricsEventSchema.parse(m)).toEqual(m);
  });

  it('service and source are 1 to 32 characters, instance 1 to 64', () => {
    for (const key of ['service', 'source']) {
      expect(ok({ [key]: 'x'.repeat(32) })).toBe(true);
      expect(ok({ [key]: 'x'.repeat(33) })).toBe(false);
      expect(ok({ [key]: '' })).toBe(false);
    }
    expect(ok({ instance: 'x'.repeat(64) })).toBe(true);
    expect(ok({ instance: 'x'.repeat(65) })).toBe(false);
    expect(ok({ instance: '' })).toBe(false);
  });

  it('counter names are whole snake_case words (they become InfluxDB field names)', () => {
    expect(ok({ counters: { a_1: 1, ab: 2 } })).toBe(true);
    expect(ok({ counters: { 'Sent': 1 } })).toBe(false);
    expect(ok({ counters: { 'x-sent': 1 } })).toBe(false); // bad start
    expect(ok({ counters: { 'sent-x': 1 } })).toBe(false); // bad end
    expect(ok({ counters: { '': 1 } })).toBe(false);
  });

  it('counters are finite and non-negative', () => {
    expect(ok({ counters: { a: -1 } })).toBe(false);
    expect(ok({ counters: { a: Number.POSITIVE_INFINITY } })).toBe(false);
  });
});
