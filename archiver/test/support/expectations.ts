import { dlqTopic, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { glob, type ScenarioResult } from './archive-scenario.js';
import { RATES } from './events.js';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

/** The archive read back with DuckDB, and the report, against an independent computation. */
export async function checkArchive(r: ScenarioResult): Promise<void> {
  const { sc, dir, topics } = r;
  expect(r.killedWithOpenFile, 'the SIGKILL hit an open (unwritten) file').toBe(true);

  // Raw: every valid record exactly once (by Kafka coordinates), duplicates included.
  const [raw] = await r.query<{ n: bigint; d: bigint }>(`SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d FROM ${glob(dir, 'raw', topics.sales)}`);
  const sent = sc.first.sales.length + sc.second.sales.length + sc.second.late.length;
  expect(Number(raw?.n)).toBe(sent);
  expect(Number(raw?.d)).toBe(sent);

  // Clean sales: exactly one row per distinct event, converted, late flagged; unknown currency out.
  const want = sc.distinctSales.filter((s) => RATES[s.currency] !== undefined);
  const rows = await r.query<{ order_id: string; ms: bigint; amount: number; amount_base: number; fx_rate: number; currency: string; late: boolean; date: string; topic: string }>(
    `SELECT order_id, epoch_ms(event_ts) AS ms, amount, amount_base, fx_rate, currency, late, date::VARCHAR AS date, topic FROM ${glob(dir, 'clean', topics.sales)} ORDER BY order_id`,
  );
  expect(rows.length).toBe(want.length);
  const byId = new Map(rows.map((x) => [x.order_id, x]));
  expect(byId.size).toBe(want.length);
  for (const s of want) {
    const got = byId.get(s.orderId);
    expect(got, s.orderId).toBeDefined();
    expect(Number(got?.ms)).toBe(s.ts);
    close(got?.amount as number, s.amount);
    close(got?.amount_base as number, s.amount * (RATES[s.currency] as number));
    expect(got?.date).toBe(day(s.ts));
    expect(got?.topic).toBe(topics.sales);
    expect(got?.late, s.orderId).toBe(s.orderId.startsWith('o-late'));
  }

  // Clean quotes: one row per (symbol, ts) with the right price.
  const q = await r.query<{ symbol: string; ms: bigint; price: number; n: bigint }>(`SELECT symbol, epoch_ms(event_ts) AS ms, any_value(price) AS price, count(*) AS n FROM ${glob(dir, 'clean', topics.quotes)} GROUP BY ALL`);
  expect(q.length).toBe(sc.distinctQuotes.length);
  expect(q.every((x) => Number(x.n) === 1)).toBe(true);
  const qk = new Map(q.map((x) => [`${x.symbol}@${x.ms}`, x.price]));
  for (const e of sc.distinctQuotes) expect(qk.get(`${e.symbol}@${e.ts}`)).toBe(e.price);

  // Dead letters archived with their reasons.
  const dl = await r.query<{ reason: string; n: bigint }>(`SELECT reason, count(*) AS n FROM ${glob(dir, 'raw', dlqTopic(topics.sales))} GROUP BY reason ORDER BY reason`);
  expect(dl.map((x) => [x.reason, Number(x.n)])).toEqual([...groupBy(sc.deadLetters, (d) => d.reason)].map(([k, v]) => [k, v.length]).sort());

  // Counted, not archived: the invalid records; flagged: the late ones (phase-2 counters).
  expect(r.counters).toMatchObject({ sale_not_json: 2, sale_invalid_schema: 1, sale_late: 2 });
  expect(r.counters.sale_unknown_currency).toBeGreaterThan(0);
  expect(r.counters.sale_duplicate).toBeGreaterThan(0);

  checkReport(r, want);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function checkReport(r: ScenarioResult, sales: SaleEvent[]): void {
  const md = readFileSync(join(r.reportDir, 'report.md'), 'utf8');
  for (const chart of ['category.png', 'city.png', 'hours.png', 'payments.png', 'price-AAA.png', 'price-BBB.png']) {
    expect(md, chart).toContain(`](${chart})`);
    const bytes = readFileSync(join(r.reportDir, chart));
    expect(bytes.subarray(0, 8).equals(PNG), chart).toBe(true);
    expect(bytes.length, chart).toBeGreaterThan(5000);
  }
  const rep = r.report as unknown as {
    sales: { orders: number; revenue: number; avgBasket: number; peakHour: number; byHour: { hour: number; orders: number }[]; byCategory: { name: string; revenue: number }[]; payments: { name: string; orders: number }[]; highTicket: { orders: number }; topCustomers: { name: string; revenue: number }[] };
    market: { symbol: string; days: { day: string; open: number; high: number; low: number; close: number; sma5: number | null }[] }[];
    quality: { received: { topic: string; events: number; duplicates: number }[]; kept: { topic: string; late: number }[]; deadLetters: { reason: string; count: number }[] };
  };
  const base = (s: SaleEvent) => s.amount * (RATES[s.currency] as number);
  const revenue = sum(sales.map(base));
  expect(rep.sales.orders).toBe(sales.length);
  close(rep.sales.revenue, revenue);
  close(rep.sales.avgBasket, revenue / sales.length);
  const hours = Array.from({ length: 24 }, (_, h) => sales.filter((s) => new Date(s.ts).getUTCHours() === h).length);
  expect(rep.sales.byHour.map((h) => h.orders)).toEqual(hours);
  expect(rep.sales.peakHour).toBe(hours.indexOf(Math.max(...hours)));
  for (const [cat, list] of groupBy(sales, (s) => s.category)) close(rep.sales.byCategory.find((c) => c.name === cat)?.revenue as number, sum(list.map(base)));
  for (const [m, list] of groupBy(sales, (s) => s.paymentMethod)) expect(rep.sales.payments.find((p) => p.name === m)?.orders).toBe(list.length);
  expect(rep.sales.highTicket.orders).toBe(sales.filter((s) => base(s) >= 1000).length);
  const customers = [...groupBy(sales, (s) => s.customerId)].map(([c, l]) => [c, sum(l.map(base))] as const).sort((a, b) => b[1] - a[1]);
  expect(rep.sales.topCustomers[0]?.name).toBe(customers[0]?.[0]);

  const quotes: QuoteEvent[] = r.sc.distinctQuotes;
  for (const [sym, list] of groupBy(quotes, (x) => x.symbol)) {
    const days = [...groupBy(list, (x) => day(x.ts))].sort(([a], [b]) => a.localeCompare(b));
    const got = rep.market.find((m) => m.symbol === sym);
    expect(got?.days.length).toBe(days.length);
    const closes: number[] = [];
    days.forEach(([d, ticks], i) => {
      const sorted = [...ticks].sort((a, b) => a.ts - b.ts);
      const bar = got?.days[i];
      expect(bar?.day).toBe(d);
      expect(bar?.open).toBe(sorted[0]?.price);
      expect(bar?.close).toBe(sorted.at(-1)?.price);
      expect(bar?.high).toBe(Math.max(...sorted.map((x) => x.price)));
      expect(bar?.low).toBe(Math.min(...sorted.map((x) => x.price)));
      closes.push(sorted.at(-1)?.price as number);
      if (i >= 4) close(bar?.sma5 as number, sum(closes.slice(-5)) / 5);
      else expect(bar?.sma5).toBeNull();
    });
  }
  const received = rep.quality.received.find((x) => x.topic === r.topics.sales);
  const sentSales = [...r.sc.first.sales, ...r.sc.second.sales, ...r.sc.second.late];
  expect(received?.events).toBe(sentSales.length);
  expect(received?.duplicates).toBe(sentSales.length - new Set(sentSales.map((s) => s.orderId)).size);
  expect(rep.quality.kept.find((x) => x.topic === r.topics.sales)?.late).toBe(2);
  expect(sum(rep.quality.deadLetters.map((d) => d.count))).toBe(r.sc.deadLetters.length);
}
