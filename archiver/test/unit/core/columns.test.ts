import type { QuoteEvent, SaleEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { eventKey } from '../../../src/core/cleaner.js';
import { columnsOf, EVENT_STRUCT, KEY_SQL } from '../../../src/core/columns.js';
import { ParquetWriter } from '../../../src/sinks/parquet-writer.js';
import { sale as saleEvent } from '../../support/events.js';

// The archive's schema is a contract with whoever reads the Parquet files (DuckDB, Spark):
// names, types and the event field each column comes from, in file order.
const kafka = [
  ['kafka_topic', 'VARCHAR', 't'],
  ['kafka_partition', 'INTEGER', 'p'],
  ['kafka_offset', 'BIGINT', 'o'],
  ['kafka_timestamp', 'TIMESTAMPTZ', 'make_timestamptz((k) * 1000)'],
];
const quote = [
  ['event_ts', 'TIMESTAMPTZ', 'make_timestamptz((e.ts) * 1000)'],
  ['symbol', 'VARCHAR', 'e.symbol'],
  ['price', 'DOUBLE', 'e.price'],
  ['volume', 'DOUBLE', 'coalesce(e.volume, 0)'],
  ['currency', 'VARCHAR', 'e.currency'],
  ['market_state', 'VARCHAR', 'e.marketState'],
  ['source', 'VARCHAR', 'e.source'],
];
const sale = [
  ['event_ts', 'TIMESTAMPTZ', 'make_timestamptz((e.ts) * 1000)'],
  ['order_id', 'VARCHAR', 'e.orderId'],
  ['line_id', 'VARCHAR', 'e.lineId'],
  ['customer_id', 'VARCHAR', 'e.customerId'],
  ['segment', 'VARCHAR', 'e.segment'],
  ['category', 'VARCHAR', 'e.category'],
  ['product', 'VARCHAR', 'e.product'],
  ['quantity', 'BIGINT', 'e.quantity'],
  ['unit_price', 'DOUBLE', 'e.unitPrice'],
  ['amount', 'DOUBLE', 'e.amount'],
  ['currency', 'VARCHAR', 'e.currency'],
  ['city', 'VARCHAR', 'e.city'],
  ['country', 'VARCHAR', 'e.country'],
  ['payment_method', 'VARCHAR', 'e.paymentMethod'],
];
const dlq = [
  ['reason', 'VARCHAR', 'e.reason'],
  ['error', 'VARCHAR', 'e.error'],
  ['source_topic', 'VARCHAR', 'e.source.topic'],
  ['source_partition', 'BIGINT', 'e.source.partition'],
  ['source_offset', 'VARCHAR', 'e.source.offset'],
  ['source_file', 'VARCHAR', 'e.source.file'],
  ['source_line', 'BIGINT', 'e.source.line'],
  ['dead_lettered_at', 'TIMESTAMPTZ', 'make_timestamptz((e."at") * 1000)'],
  ['original_base64', 'VARCHAR', 'e.originalBase64'],
];
const clean = (value: string) => [
  ['fx_rate', 'DOUBLE', 'fx'],
  [`${value}_base`, 'DOUBLE', `e.${value} * fx`],
  ['base_currency', 'VARCHAR', 'b'],
  ['late', 'BOOLEAN', 'late'],
];
const triples = (kind: Parameters<typeof columnsOf>[0], layer: Parameters<typeof columnsOf>[1]) => columnsOf(kind, layer).map((c) => [c.name, c.type, c.sql]);

describe('archive columns', () => {
  it('raw layers: the Kafka coordinates, then the event fields', () => {
    expect(triples('quote', 'raw')).toEqual([...kafka, ...quote]);
    expect(triples('sale', 'raw')).toEqual([...kafka, ...sale]);
    expect(triples('dlq', 'raw')).toEqual([...kafka, ...dlq]);
  });

  it('clean layers add the rate, the base-currency value, the base currency and the late flag', () => {
    expect(triples('quote', 'clean')).toEqual([...kafka, ...quote, ...clean('price')]);
    expect(triples('sale', 'clean')).toEqual([...kafka, ...sale, ...clean('amount')]);
  });

  it('dead letters have no clean layer', () => {
    expect(() => columnsOf('dlq', 'clean')).toThrow('no clean layer for dlq topics');
  });

  it('the event struct reads exactly the fields the columns use', () => {
    expect(EVENT_STRUCT.quote).toBe('STRUCT(ts BIGINT, symbol VARCHAR, price DOUBLE, volume DOUBLE, currency VARCHAR, "marketState" VARCHAR, source VARCHAR)');
    expect(EVENT_STRUCT.dlq).toContain('source STRUCT(topic VARCHAR, "partition" BIGINT, "offset" VARCHAR, file VARCHAR, line BIGINT)');
    for (const [, , sql = ''] of sale.slice(1)) expect(EVENT_STRUCT.sale).toContain(`"${sql.slice(2)}"`.replace(/^"([a-z]+)"$/, '$1'));
  });
});

describe('KEY_SQL', () => {
  it("gives a row the key eventKey gives its event (restore hands these keys to the cleaner)", async () => {
    const sales: SaleEvent[] = [saleEvent(1, 1000), { ...saleEvent(1, 1000), lineId: '1' }, { ...saleEvent(2, 1000), orderId: "o'2", lineId: 'x y' }];
    const quotes: QuoteEvent[] = [{ v: 1, symbol: 'BRK.B', ts: 1_764_504_000_123, price: 1, volume: 0, source: 'sim' }];
    const duck = await ParquetWriter.open();
    try {
      const lit = (v: string | undefined) => (v === undefined ? 'NULL::VARCHAR' : `'${v.replaceAll("'", "''")}'`);
      const saleRows = sales.map((s) => `SELECT ${lit(s.orderId)} AS order_id, ${lit(s.lineId)} AS line_id`).join(' UNION ALL ');
      const got = await duck.query(`SELECT ${KEY_SQL.sale} AS k FROM (${saleRows}) ORDER BY k`);
      expect(got.map((r) => r.k)).toEqual(sales.map((s) => eventKey('sale', s)).sort());
      const q = quotes[0] as QuoteEvent;
      const [row] = await duck.query(`SELECT ${KEY_SQL.quote} AS k FROM (SELECT '${q.symbol}' AS symbol, make_timestamptz(${q.ts} * 1000) AS event_ts)`);
      expect(row?.k).toBe(eventKey('quote', q));
    } finally {
      duck.close();
    }
  });
});
