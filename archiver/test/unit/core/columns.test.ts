import { describe, expect, it } from 'vitest';
import { columnsOf, EVENT_STRUCT } from '../../../src/core/columns.js';

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
