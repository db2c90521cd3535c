import type { DeadLetter, QuoteEvent, SaleEvent } from '@tickflow/contracts';
import type { Row } from './columns.js';
import type { Decoded } from './decode.js';

/** Where a record came from: the first four columns of every row. */
export interface KafkaMeta {
  topic: string;
  partition: number;
  offset: bigint;
  /** The record's Kafka timestamp, epoch ms. */
  timestamp: number;
}

const quoteRow = (q: QuoteEvent): Row => [q.ts, q.symbol, q.price, q.volume, q.currency ?? null, q.marketState ?? null, q.source];

const saleRow = (s: SaleEvent): Row => [
  s.ts, s.orderId, s.customerId, s.segment, s.category, s.product, s.quantity, s.unitPrice, s.amount, s.currency, s.city, s.country, s.paymentMethod,
];

const dlqRow = (d: DeadLetter): Row => [
  d.reason, d.error, d.source.topic ?? null, d.source.partition ?? null, d.source.offset ?? null, d.source.file ?? null, d.source.line ?? null, d.at, d.originalBase64,
];

/** A valid event as a raw-layer row (columns.ts order). */
export function rawRow(meta: KafkaMeta, d: Extract<Decoded, { ok: true }>): Row {
  const head: Row = [meta.topic, meta.partition, meta.offset, meta.timestamp];
  if (d.kind === 'quote') return head.concat(quoteRow(d.event));
  if (d.kind === 'sale') return head.concat(saleRow(d.event));
  return head.concat(dlqRow(d.event));
}
