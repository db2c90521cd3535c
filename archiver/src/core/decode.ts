import { DeadLetterSchema, QuoteEventSchema, SaleEventSchema, type DeadLetter, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import type { TopicKind } from './columns.js';

export type Decoded =
  | { ok: true; kind: 'quote'; event: QuoteEvent }
  | { ok: true; kind: 'sale'; event: SaleEvent }
  | { ok: true; kind: 'dlq'; event: DeadLetter }
  | { ok: false; reason: 'not_json' | 'invalid_schema' | 'future_timestamp' | 'invalid_value' };

export interface DecodeLimits {
  /** The record's Kafka timestamp, epoch ms (core code reads no clock). */
  kafkaTs: number;
  /** Event times further ahead of it are rejected, as the processor does, ms. */
  maxFutureMs: number;
}

/** Largest |epoch ms| a timestamp column holds (JS Date's range; DuckDB's is wider). */
const MAX_EPOCH_MS = 8.64e15;

const SCHEMAS = { quote: QuoteEventSchema, sale: SaleEventSchema, dlq: DeadLetterSchema } as const;

/**
 * Bytes -> a valid event of the topic's kind, or why not. The archiver skips (and counts)
 * invalid records: the processor has already dead-lettered them with the full reason (it
 * applies the same future-time rule). Never throws.
 */
export function decodeRecord(kind: TopicKind, bytes: Buffer | null, limits: DecodeLimits): Decoded {
  if (!bytes) return { ok: false, reason: 'not_json' };
  const text = bytes.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text); // also rejects an empty value
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const parsed = SCHEMAS[kind].safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid_schema' };
  // Times must fit a timestamp column: a file DuckDB cannot write would stop the partition.
  if (kind === 'dlq') {
    if (Math.abs((parsed.data as DeadLetter).at) > MAX_EPOCH_MS) return { ok: false, reason: 'invalid_value' };
  } else if ((parsed.data as { ts: number }).ts > limits.kafkaTs + limits.maxFutureMs) return { ok: false, reason: 'future_timestamp' };
  return { ok: true, kind, event: parsed.data } as Decoded;
}
