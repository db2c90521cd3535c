import { KEY_SEPARATOR } from '@tickflow/contracts';

/**
 * The archive's columns, per topic kind and layer, in file order, each with the SQL that
 * computes it from an input line (rows.ts: `t`,`p`,`o`,`k` = Kafka topic, partition, offset,
 * timestamp ms; `e` = the event JSON as received; clean lines add `fx`, `b`, `late`).
 * Types are DuckDB's, written to Parquet as: TIMESTAMPTZ -> INT64 TIMESTAMP(MICROS,
 * isAdjustedToUTC=true), DOUBLE -> IEEE double (prices, amounts: the JSON numbers as sent, no
 * rounding), BIGINT/INTEGER -> INT64/INT32 (event integers are INT64: any the schemas accept
 * fits), VARCHAR -> UTF-8 string, BOOLEAN -> boolean.
 */
export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ';
export interface Column {
  name: string;
  type: ColumnType;
  sql: string;
}

export type TopicKind = 'quote' | 'sale' | 'dlq';
export type Layer = 'raw' | 'clean';

const c = (name: string, type: ColumnType, sql: string): Column => ({ name, type, sql });
const ts = (expr: string) => `make_timestamptz((${expr}) * 1000)`;

const KAFKA: Column[] = [c('kafka_topic', 'VARCHAR', 't'), c('kafka_partition', 'INTEGER', 'p'), c('kafka_offset', 'BIGINT', 'o'), c('kafka_timestamp', 'TIMESTAMPTZ', ts('k'))];

const QUOTE: Column[] = [
  c('event_ts', 'TIMESTAMPTZ', ts('e.ts')),
  c('symbol', 'VARCHAR', 'e.symbol'),
  c('price', 'DOUBLE', 'e.price'),
  // The schema's default: volume may be absent.
  c('volume', 'DOUBLE', 'coalesce(e.volume, 0)'),
  c('currency', 'VARCHAR', 'e.currency'),
  c('market_state', 'VARCHAR', 'e.marketState'),
  c('source', 'VARCHAR', 'e.source'),
];

const SALE: Column[] = [
  c('event_ts', 'TIMESTAMPTZ', ts('e.ts')),
  c('order_id', 'VARCHAR', 'e.orderId'),
  // Null for an event that is a whole order; (order_id, line_id) is a sale's identity.
  c('line_id', 'VARCHAR', 'e.lineId'),
  c('customer_id', 'VARCHAR', 'e.customerId'),
  c('segment', 'VARCHAR', 'e.segment'),
  c('category', 'VARCHAR', 'e.category'),
  c('product', 'VARCHAR', 'e.product'),
  c('quantity', 'BIGINT', 'e.quantity'),
  c('unit_price', 'DOUBLE', 'e.unitPrice'),
  c('amount', 'DOUBLE', 'e.amount'),
  c('currency', 'VARCHAR', 'e.currency'),
  c('city', 'VARCHAR', 'e.city'),
  c('country', 'VARCHAR', 'e.country'),
  c('payment_method', 'VARCHAR', 'e.paymentMethod'),
];

const DLQ: Column[] = [
  c('reason', 'VARCHAR', 'e.reason'),
  c('error', 'VARCHAR', 'e.error'),
  c('source_topic', 'VARCHAR', 'e.source.topic'),
  c('source_partition', 'BIGINT', 'e.source.partition'),
  c('source_offset', 'VARCHAR', 'e.source.offset'),
  c('source_file', 'VARCHAR', 'e.source.file'),
  c('source_line', 'BIGINT', 'e.source.line'),
  c('dead_lettered_at', 'TIMESTAMPTZ', ts('e."at"')),
  c('original_base64', 'VARCHAR', 'e.originalBase64'),
];

/** Clean-layer additions: the rate used, the base-currency value and the late flag. */
const CLEAN = (value: string): Column[] => [c('fx_rate', 'DOUBLE', 'fx'), c(`${value}_base`, 'DOUBLE', `e.${value} * fx`), c('base_currency', 'VARCHAR', 'b'), c('late', 'BOOLEAN', 'late')];

export const COLUMNS: Record<TopicKind, Partial<Record<Layer, Column[]>>> = {
  quote: { raw: [...KAFKA, ...QUOTE], clean: [...KAFKA, ...QUOTE, ...CLEAN('price')] },
  sale: { raw: [...KAFKA, ...SALE], clean: [...KAFKA, ...SALE, ...CLEAN('amount')] },
  dlq: { raw: [...KAFKA, ...DLQ] },
};

/** How DuckDB reads the event JSON (`e`): only the fields the columns use; others are ignored. */
export const EVENT_STRUCT: Record<TopicKind, string> = {
  quote: 'STRUCT(ts BIGINT, symbol VARCHAR, price DOUBLE, volume DOUBLE, currency VARCHAR, "marketState" VARCHAR, source VARCHAR)',
  sale: 'STRUCT(ts BIGINT, "orderId" VARCHAR, "lineId" VARCHAR, "customerId" VARCHAR, segment VARCHAR, category VARCHAR, product VARCHAR, quantity BIGINT, "unitPrice" DOUBLE, amount DOUBLE, currency VARCHAR, city VARCHAR, country VARCHAR, "paymentMethod" VARCHAR)',
  dlq: 'STRUCT(reason VARCHAR, error VARCHAR, "originalBase64" VARCHAR, source STRUCT(topic VARCHAR, "partition" BIGINT, "offset" VARCHAR, file VARCHAR, line BIGINT), "at" BIGINT)',
};

/**
 * A row's identity as SQL, equal to `eventKey` (cleaner.ts, from contracts' saleKey and
 * quoteKey) for the same event: restore feeds these keys back to the cleaner, and the report
 * counts duplicates by them. A test checks both agree.
 */
export const KEY_SQL = {
  quote: "symbol || '@' || epoch_ms(event_ts)",
  sale: `CASE WHEN line_id IS NULL THEN order_id ELSE order_id || chr(${KEY_SEPARATOR.charCodeAt(0)}) || line_id END`,
} as const;

export function columnsOf(kind: TopicKind, layer: Layer): Column[] {
  const cols = COLUMNS[kind][layer];
  if (!cols) throw new Error(`no ${layer} layer for ${kind} topics`);
  return cols;
}
