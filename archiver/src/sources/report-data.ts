import { dlqTopic } from '@tickflow/contracts';
import { columnsOf, KEY_SQL, type TopicKind } from '../core/columns.js';
import type { DayBar, Figures, Ranked } from '../core/report/figures.js';
import { symbolStats } from '../core/report/market-stats.js';
import { SQL } from '../core/report/queries.js';
import { dateOfKey, parseFileName, topicPrefix } from '../core/layout.js';
import { sqlString, type ParquetWriter } from '../sinks/parquet-writer.js';
import type { ArchiveStore } from '../sinks/store.js';

export interface ReportQuery {
  from: string;
  to: string;
  topics: { quotes: string; sales: string };
  baseCurrency: string;
  highTicket: number;
  top: number;
}

/** Local paths of the archive files of one layer and topic whose date= is in range (downloaded first on S3). */
async function filesFor(store: ArchiveStore, layer: 'raw' | 'clean', topic: string, q: ReportQuery): Promise<string[]> {
  const keys = (await store.list(topicPrefix(layer, topic))).filter((k) => {
    const d = dateOfKey(k);
    return parseFileName(k) !== undefined && d !== undefined && d >= q.from && d <= q.to;
  });
  return Promise.all(keys.sort().map((k) => store.localCopy(k)));
}

/** A relation over the files, or an empty one of the right columns when there are none. */
function relation(files: string[], kind: TopicKind, layer: 'raw' | 'clean'): string {
  // union_by_name: files written before a column existed (line_id) read it as NULL.
  if (files.length > 0) return `read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true)`;
  return `(SELECT ${columnsOf(kind, layer).map((c) => `NULL::${c.type} AS "${c.name}"`).join(', ')} WHERE false)`;
}

const num = (v: unknown): number => Number(v ?? 0);

/** Builds the report's views over the archive for the range and runs every query. */
export async function readFigures(store: ArchiveStore, duck: ParquetWriter, q: ReportQuery): Promise<Figures> {
  const { quotes, sales } = q.topics;
  await duck.query(`SET TimeZone = 'UTC'`);
  const rel = async (layer: 'raw' | 'clean', topic: string, kind: TopicKind) => relation(await filesFor(store, layer, topic, q), kind, layer);
  await duck.query(`CREATE OR REPLACE VIEW sales AS SELECT * FROM ${await rel('clean', sales, 'sale')}`);
  await duck.query(`CREATE OR REPLACE VIEW quotes AS SELECT * FROM ${await rel('clean', quotes, 'quote')}`);
  await duck.query(`CREATE OR REPLACE VIEW kept AS SELECT kafka_topic AS topic, late FROM sales UNION ALL SELECT kafka_topic, late FROM quotes`);
  await duck.query(`CREATE OR REPLACE VIEW received AS
    SELECT ${sqlString(sales)} AS topic, ${KEY_SQL.sale} AS key FROM ${await rel('raw', sales, 'sale')}
    UNION ALL SELECT ${sqlString(quotes)}, ${KEY_SQL.quote} FROM ${await rel('raw', quotes, 'quote')}`);
  const dlqs = await Promise.all([quotes, sales].map(async (t) => `SELECT ${sqlString(dlqTopic(t))} AS topic, reason FROM ${await rel('raw', dlqTopic(t), 'dlq')}`));
  await duck.query(`CREATE OR REPLACE VIEW dead_letters AS ${dlqs.join(' UNION ALL ')}`);

  const ranked = (rows: Record<string, unknown>[]): Ranked[] => rows.map((r) => ({ name: String(r.name), revenue: num(r.revenue), orders: num(r.orders) }));
  const [totals] = await duck.query(SQL.salesTotals);
  const orders = num(totals?.orders);
  let salesFigures: Figures['sales'] = null;
  if (orders > 0 && totals) {
    const revenue = num(totals.revenue);
    const byHour = (await duck.query(SQL.byHour)).map((r) => ({ hour: num(r.hour), orders: num(r.orders), revenue: num(r.revenue) }));
    const peak = byHour.reduce((best, h) => (h.orders > best.orders ? h : best), byHour[0] as (typeof byHour)[number]);
    const [ht] = await duck.query(SQL.highTicket(q.highTicket));
    const payments = ranked(await duck.query(SQL.revenueBy('payment_method', 1000)));
    salesFigures = {
      orders,
      revenue,
      units: num(totals.units),
      customers: num(totals.customers),
      avgBasket: revenue / orders,
      first: String(totals.first),
      last: String(totals.last),
      byCategory: ranked(await duck.query(SQL.revenueBy('category', q.top))),
      byCity: ranked(await duck.query(SQL.revenueBy('city', q.top))),
      byCountry: ranked(await duck.query(SQL.revenueBy('country', q.top))),
      byHour,
      peakHour: peak.hour,
      topCustomers: ranked(await duck.query(SQL.revenueBy('customer_id', q.top))),
      topProducts: (await duck.query(SQL.topProducts(q.top))).map((r) => ({ ...ranked([r])[0] as Ranked, category: String(r.category), units: num(r.units) })),
      highTicket: {
        threshold: q.highTicket,
        orders: num(ht?.orders),
        revenue: num(ht?.revenue),
        orderShare: num(ht?.orders) / orders,
        revenueShare: revenue > 0 ? num(ht?.revenue) / revenue : 0,
        largest: (await duck.query(SQL.largest(q.highTicket, q.top))).map((r) => ({ orderId: String(r.orderId), customerId: String(r.customerId), amount: num(r.amount), ts: String(r.ts) })),
      },
      payments: payments.map((p) => ({ ...p, share: p.orders / orders })),
    };
  }

  const bars = new Map<string, DayBar[]>();
  for (const r of await duck.query(SQL.dailyBars)) {
    const nul = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const bar: DayBar = { day: String(r.day), open: num(r.open), high: num(r.high), low: num(r.low), close: num(r.close), volume: num(r.volume), ticks: num(r.ticks), sma5: nul(r.sma5), sma20: nul(r.sma20), ret: nul(r.ret) };
    const list = bars.get(String(r.symbol)) ?? [];
    list.push(bar);
    bars.set(String(r.symbol), list);
  }
  return {
    from: q.from,
    to: q.to,
    baseCurrency: q.baseCurrency,
    sales: salesFigures,
    market: [...bars].map(([symbol, days]) => symbolStats(symbol, days)),
    quality: {
      received: (await duck.query(SQL.received)).map((r) => ({ topic: String(r.topic), events: num(r.events), duplicates: num(r.duplicates) })),
      kept: (await duck.query(SQL.kept)).map((r) => ({ topic: String(r.topic), events: num(r.events), late: num(r.late) })),
      deadLetters: (await duck.query(SQL.deadLetters)).map((r) => ({ topic: String(r.topic), reason: String(r.reason), count: num(r.count) })),
    },
  };
}
