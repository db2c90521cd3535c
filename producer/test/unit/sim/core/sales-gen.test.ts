import { SaleEventSchema, type SaleEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { HOURLY_SEASONALITY, WEEKDAY_SEASONALITY } from '../../../../src/sim/core/sales-catalogue.js';
import { SalesGenerator } from '../../../../src/sim/core/sales-gen.js';

const MONDAY = Date.parse('2026-01-05T00:00:00Z');
// The processor's default rates (USD per unit): what "high-ticket" (>= 1000 USD) is judged in.
const TO_USD: Record<string, number> = { USD: 1, EUR: 1.087, GBP: 1.27, MAD: 0.1 };

const generate = (n: number, seed = 7, peakRatePerSec = 5, customers = 5000): SaleEvent[] => {
  const gen = new SalesGenerator({ seed, startTs: MONDAY, peakRatePerSec, customers });
  return Array.from({ length: n }, () => gen.next());
};
const share = <T>(xs: readonly T[], pred: (x: T) => boolean): number => xs.filter(pred).length / xs.length;

describe('SalesGenerator', () => {
  const orders = generate(20_000);

  it('is deterministic per seed, with sequential order ids and increasing times', () => {
    expect(generate(500)).toEqual(orders.slice(0, 500));
    expect(generate(500, 8)).not.toEqual(orders.slice(0, 500));
    expect(orders.slice(0, 3).map((o) => o.orderId)).toEqual(['o-7-1', 'o-7-2', 'o-7-3']);
    expect(orders.every((o, i) => i === 0 || o.ts > orders[i - 1]!.ts)).toBe(true);
  });

  it('emits valid events in four currencies, each matching its country', () => {
    for (const o of orders) expect(SaleEventSchema.safeParse(o).success, JSON.stringify(o)).toBe(true);
    const currencyOf: Record<string, string> = { US: 'USD', FR: 'EUR', DE: 'EUR', ES: 'EUR', MA: 'MAD', GB: 'GBP' };
    expect(orders.every((o) => currencyOf[o.country] === o.currency)).toBe(true);
    for (const c of ['USD', 'EUR', 'MAD', 'GBP']) expect(share(orders, (o) => o.currency === c)).toBeGreaterThan(0.05);
  });

  it('has repeat buyers: a loyal tenth of the pool places ~46 % of orders', () => {
    const ids = orders.map((o) => Number(o.customerId.slice(2)));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(5000);
    // 40 % go to the core directly, plus the core's tenth of the other 60 %.
    expect(share(ids, (id) => id <= 500)).toBeCloseTo(0.46, 1);
    const first2000 = new Map<string, number>();
    for (const o of orders.slice(0, 2000)) first2000.set(o.customerId, (first2000.get(o.customerId) ?? 0) + 1);
    const repeaters = [...first2000.values()].filter((n) => n > 1).length / first2000.size;
    expect(repeaters).toBeGreaterThan(0.2);
    expect(repeaters).toBeLessThan(0.35);
  });

  it('keeps a customer\'s segment and, mostly, home city', () => {
    const byCustomer = new Map<string, SaleEvent[]>();
    for (const o of orders) {
      const list = byCustomer.get(o.customerId) ?? [];
      list.push(o);
      byCustomer.set(o.customerId, list);
    }
    let sameCity = 0;
    let total = 0;
    for (const list of byCustomer.values()) {
      expect(new Set(list.map((o) => o.segment)).size).toBe(1);
      const counts = new Map<string, number>();
      for (const o of list) counts.set(o.city, (counts.get(o.city) ?? 0) + 1);
      sameCity += Math.max(...counts.values());
      total += list.length;
    }
    expect(sameCity / total).toBeGreaterThan(0.88);
  });

  it('has business buyers who order in bulk and pay by transfer', () => {
    const business = orders.filter((o) => o.segment === 'business');
    const consumer = orders.filter((o) => o.segment === 'consumer');
    expect(business.length / orders.length).toBeGreaterThan(0.07);
    expect(business.length / orders.length).toBeLessThan(0.17);
    const meanQty = (xs: SaleEvent[]): number => xs.reduce((a, o) => a + o.quantity, 0) / xs.length;
    expect(meanQty(business)).toBeGreaterThan(4 * meanQty(consumer));
    expect(share(business, (o) => o.paymentMethod === 'bank_transfer')).toBeGreaterThan(0.5);
    expect(share(consumer, (o) => o.paymentMethod === 'bank_transfer')).toBeLessThan(0.15);
  });

  it('pays the way each country does: cash on delivery in Morocco, rarely in the US', () => {
    const cod = (country: string): number => share(orders.filter((o) => o.country === country && o.segment === 'consumer'), (o) => o.paymentMethod === 'cash_on_delivery');
    expect(cod('MA')).toBeGreaterThan(0.4);
    expect(cod('US')).toBeLessThan(0.05);
  });

  it('has a heavy tail: ~6 % high-ticket orders carry over half the revenue', () => {
    const usd = orders.map((o) => o.amount * TO_USD[o.currency]!).sort((a, b) => b - a);
    const total = usd.reduce((a, b) => a + b, 0);
    const high = usd.filter((x) => x >= 1000);
    expect(high.length / usd.length).toBeGreaterThan(0.04);
    expect(high.length / usd.length).toBeLessThan(0.09);
    expect(high.reduce((a, b) => a + b, 0) / total).toBeGreaterThan(0.5);
    const median = usd[usd.length >> 1]!;
    expect(median).toBeLessThan(60);
    expect(total / usd.length).toBeGreaterThan(4 * median);
  });

  it('follows the daily seasonality: the evening peak hour has ~15x the orders of the night trough', () => {
    // 0.1 orders/s at the peak over four whole weeks (~100k orders): every hour and weekday alike.
    const gen = new SalesGenerator({ seed: 3, startTs: MONDAY, peakRatePerSec: 0.1, customers: 5000 });
    const byHour = new Array<number>(24).fill(0);
    for (let o = gen.next(); o.ts < MONDAY + 28 * 86_400_000; o = gen.next()) byHour[new Date(o.ts).getUTCHours()]! += 1;
    const peak = HOURLY_SEASONALITY.indexOf(Math.max(...HOURLY_SEASONALITY));
    const trough = HOURLY_SEASONALITY.indexOf(Math.min(...HOURLY_SEASONALITY));
    const ratio = byHour[peak]! / byHour[trough]!;
    const expected = HOURLY_SEASONALITY[peak]! / HOURLY_SEASONALITY[trough]!;
    expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.15);
    // Overall rate: peak rate x mean seasonality x mean weekday factor, within 5 %.
    const perDay = byHour.reduce((a, b) => a + b, 0) / 28;
    const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const expectedPerDay = 0.1 * 86_400 * (mean(HOURLY_SEASONALITY) / Math.max(...HOURLY_SEASONALITY)) * mean(WEEKDAY_SEASONALITY);
    expect(Math.abs(perDay / expectedPerDay - 1)).toBeLessThan(0.05);
  });
});

describe('SalesGenerator customer pool', () => {
  it('draws customer ids from c-1..c-N, N = 5000 by default', () => {
    const small = generate(2_000, 3, 5, 50);
    const ids = new Set(small.map((o) => Number(o.customerId.slice(2))));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(50);
    expect(ids.size).toBe(50);
    const gen = new SalesGenerator({ seed: 3, startTs: MONDAY, peakRatePerSec: 5 });
    const byDefault = Array.from({ length: 3_000 }, () => Number(gen.next().customerId.slice(2)));
    expect(Math.max(...byDefault)).toBeGreaterThan(4_000);
    expect(Math.max(...byDefault)).toBeLessThanOrEqual(5_000);
  });
});
