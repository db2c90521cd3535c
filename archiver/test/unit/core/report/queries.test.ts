import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL } from '../../../../src/core/report/queries.js';
import { ParquetWriter } from '../../../../src/sinks/parquet-writer.js';

// The report's SQL run by an in-memory DuckDB over small hand-made views; expected rows worked out by hand.
let duck: ParquetWriter;
const rows = async (sql: string) => (await duck.query(sql)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

beforeAll(async () => {
  duck = await ParquetWriter.open();
  await duck.query(`SET TimeZone = 'UTC'`);
  await duck.query(`CREATE TABLE sales AS SELECT * FROM (VALUES
    ('o1', 'c1', 'Lego', 'toys', 'Paris', 'FR', 'card', 100.0, 2, TIMESTAMP '2026-11-01 08:15:00'),
    ('o2', 'c2', 'Lego', 'toys', 'Lyon', 'FR', 'cash', 300.0, 1, TIMESTAMP '2026-11-01 08:45:00'),
    ('o3', 'c1', 'Book', 'books', 'Paris', 'FR', 'card', 50.0, 3, TIMESTAMP '2026-11-02 21:00:00'),
    ('o4', 'c3', 'Bike', 'sport', 'Berlin', 'DE', 'card', 1200.0, 1, TIMESTAMP '2026-11-02 10:30:00')
  ) t(order_id, customer_id, product, category, city, country, payment_method, amount_base, quantity, event_ts)`);
  await duck.query(`CREATE TABLE quotes AS SELECT * FROM (VALUES
    ('AAA', TIMESTAMP '2026-11-01 10:00:00', 12.0, 1.0), ('AAA', TIMESTAMP '2026-11-01 09:00:00', 10.0, 2.0), ('AAA', TIMESTAMP '2026-11-01 11:00:00', 9.0, 3.0),
    ('AAA', TIMESTAMP '2026-11-02 09:00:00', 9.9, 1.0), ('AAA', TIMESTAMP '2026-11-03 09:00:00', 10.0, 1.0),
    ('AAA', TIMESTAMP '2026-11-04 09:00:00', 11.0, 1.0), ('AAA', TIMESTAMP '2026-11-05 09:00:00', 12.0, 1.0),
    ('BBB', TIMESTAMP '2026-11-01 09:00:00', 0.5, 7.0)
  ) t(symbol, event_ts, price, volume)`);
  await duck.query(`CREATE TABLE received AS SELECT * FROM (VALUES ('sales', 'o1'), ('sales', 'o1'), ('sales', 'o2'), ('quotes', 'a'), ('quotes', 'b')) t(topic, key)`);
  await duck.query(`CREATE TABLE kept AS SELECT * FROM (VALUES ('sales', false), ('sales', true), ('sales', false)) t(topic, late)`);
  await duck.query(`CREATE TABLE dead_letters AS SELECT * FROM (VALUES ('sales.dlq', 'not_json'), ('sales.dlq', 'bad'), ('sales.dlq', 'not_json'), ('sales.dlq', 'bad'), ('quotes.dlq', 'x')) t(topic, reason)`);
});
afterAll(() => duck.close());

describe('report SQL', () => {
  it('totals orders, revenue, units, distinct customers and the first and last order time', async () => {
    expect(await rows(SQL.salesTotals)).toEqual([{ orders: 4, revenue: 1650, units: 7, customers: 3, first: '2026-11-01 08:15:00', last: '2026-11-02 21:00:00' }]);
  });

  it('ranks by revenue, then name, up to the limit', async () => {
    expect(await rows(SQL.revenueBy('city', 2))).toEqual([{ name: 'Berlin', revenue: 1200, orders: 1 }, { name: 'Lyon', revenue: 300, orders: 1 }]);
    expect(await rows(SQL.revenueBy('payment_method', 10))).toEqual([{ name: 'card', revenue: 1350, orders: 3 }, { name: 'cash', revenue: 300, orders: 1 }]);
    expect(await rows(SQL.topProducts(2))).toEqual([{ name: 'Bike', category: 'sport', revenue: 1200, orders: 1, units: 1 }, { name: 'Lego', category: 'toys', revenue: 400, orders: 2, units: 3 }]);
  });

  it('counts every hour of the day, zero where there is no order', async () => {
    const hours = await rows(SQL.byHour);
    expect(hours.map((h) => h.hour)).toEqual(Array.from({ length: 24 }, (_, h) => h));
    expect(hours.filter((h) => h.orders !== 0)).toEqual([{ hour: 8, orders: 2, revenue: 400 }, { hour: 10, orders: 1, revenue: 1200 }, { hour: 21, orders: 1, revenue: 50 }]);
    expect(hours[0]).toEqual({ hour: 0, orders: 0, revenue: 0 });
  });

  it('selects high-ticket orders at or above the threshold, largest first', async () => {
    expect(await rows(SQL.highTicket(300))).toEqual([{ orders: 2, revenue: 1500 }]);
    expect(await rows(SQL.highTicket(5000))).toEqual([{ orders: 0, revenue: 0 }]);
    expect(await rows(SQL.largest(100, 2))).toEqual([{ orderId: 'o4', customerId: 'c3', amount: 1200, ts: '2026-11-02 10:30:00' }, { orderId: 'o2', customerId: 'c2', amount: 300, ts: '2026-11-01 08:45:00' }]);
  });

  it('builds daily bars: open/close by time, 5-day average once 5 days exist, close-to-close return', async () => {
    const bars = await rows(SQL.dailyBars);
    expect(bars.map((b) => [b.symbol, b.day, b.open, b.high, b.low, b.close, b.volume, b.ticks, b.sma20])).toEqual([
      ['AAA', '2026-11-01', 10, 12, 9, 9, 6, 3, null], ['AAA', '2026-11-02', 9.9, 9.9, 9.9, 9.9, 1, 1, null], ['AAA', '2026-11-03', 10, 10, 10, 10, 1, 1, null],
      ['AAA', '2026-11-04', 11, 11, 11, 11, 1, 1, null], ['AAA', '2026-11-05', 12, 12, 12, 12, 1, 1, null], ['BBB', '2026-11-01', 0.5, 0.5, 0.5, 0.5, 7, 1, null],
    ]);
    expect(bars.map((b) => b.sma5)).toEqual([null, null, null, null, expect.closeTo(51.9 / 5, 12), null]);
    expect(bars.map((b) => b.ret)).toEqual([null, expect.closeTo(0.1, 12), expect.closeTo(1 / 99, 12), expect.closeTo(0.1, 12), expect.closeTo(1 / 11, 12), null]);
  });

  it('counts received events and duplicates, kept and late events, dead letters by reason', async () => {
    expect(await rows(SQL.received)).toEqual([{ topic: 'quotes', events: 2, duplicates: 0 }, { topic: 'sales', events: 3, duplicates: 1 }]);
    expect(await rows(SQL.kept)).toEqual([{ topic: 'sales', events: 3, late: 1 }]);
    expect(await rows(SQL.deadLetters)).toEqual([{ topic: 'quotes.dlq', reason: 'x', count: 1 }, { topic: 'sales.dlq', reason: 'bad', count: 2 }, { topic: 'sales.dlq', reason: 'not_json', count: 2 }]);
  });
});
