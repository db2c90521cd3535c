/**
 * The archive's columns, per topic kind and layer, in file order. Types are DuckDB's, written
 * to Parquet as: TIMESTAMPTZ -> INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true), DOUBLE ->
 * IEEE double (prices, amounts: the JSON numbers as sent, no rounding), BIGINT/INTEGER ->
 * INT64/INT32, VARCHAR -> UTF-8 string, BOOLEAN -> boolean.
 */
export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ';
export interface Column {
  name: string;
  type: ColumnType;
}

/** Values in column order; timestamps as epoch ms, BIGINT as bigint, absent as null. */
export type Row = (string | number | bigint | boolean | null)[];

export type TopicKind = 'quote' | 'sale' | 'dlq';
export type Layer = 'raw' | 'clean';

const c = (name: string, type: ColumnType): Column => ({ name, type });

const KAFKA: Column[] = [c('kafka_topic', 'VARCHAR'), c('kafka_partition', 'INTEGER'), c('kafka_offset', 'BIGINT'), c('kafka_timestamp', 'TIMESTAMPTZ')];

const QUOTE: Column[] = [
  c('event_ts', 'TIMESTAMPTZ'),
  c('symbol', 'VARCHAR'),
  c('price', 'DOUBLE'),
  c('volume', 'DOUBLE'),
  c('currency', 'VARCHAR'),
  c('market_state', 'VARCHAR'),
  c('source', 'VARCHAR'),
];

const SALE: Column[] = [
  c('event_ts', 'TIMESTAMPTZ'),
  c('order_id', 'VARCHAR'),
  c('customer_id', 'VARCHAR'),
  c('segment', 'VARCHAR'),
  c('category', 'VARCHAR'),
  c('product', 'VARCHAR'),
  c('quantity', 'INTEGER'),
  c('unit_price', 'DOUBLE'),
  c('amount', 'DOUBLE'),
  c('currency', 'VARCHAR'),
  c('city', 'VARCHAR'),
  c('country', 'VARCHAR'),
  c('payment_method', 'VARCHAR'),
];

const DLQ: Column[] = [
  c('reason', 'VARCHAR'),
  c('error', 'VARCHAR'),
  c('source_topic', 'VARCHAR'),
  c('source_partition', 'INTEGER'),
  c('source_offset', 'VARCHAR'),
  c('source_file', 'VARCHAR'),
  c('source_line', 'INTEGER'),
  c('dead_lettered_at', 'TIMESTAMPTZ'),
  c('original_base64', 'VARCHAR'),
];

/** Clean-layer additions: the base-currency value and the late flag. */
const CLEAN_QUOTE: Column[] = [c('fx_rate', 'DOUBLE'), c('price_base', 'DOUBLE'), c('base_currency', 'VARCHAR'), c('late', 'BOOLEAN')];
const CLEAN_SALE: Column[] = [c('fx_rate', 'DOUBLE'), c('amount_base', 'DOUBLE'), c('base_currency', 'VARCHAR'), c('late', 'BOOLEAN')];

export const COLUMNS: Record<TopicKind, Partial<Record<Layer, Column[]>>> = {
  quote: { raw: [...KAFKA, ...QUOTE], clean: [...KAFKA, ...QUOTE, ...CLEAN_QUOTE] },
  sale: { raw: [...KAFKA, ...SALE], clean: [...KAFKA, ...SALE, ...CLEAN_SALE] },
  dlq: { raw: [...KAFKA, ...DLQ] },
};

export function columnsOf(kind: TopicKind, layer: Layer): Column[] {
  const cols = COLUMNS[kind][layer];
  if (!cols) throw new Error(`no ${layer} layer for ${kind} topics`);
  return cols;
}
