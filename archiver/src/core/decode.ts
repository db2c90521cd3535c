import { DeadLetterSchema, decodeEvent, decodeJson, QuoteEventSchema, SaleEventSchema, type DeadLetter, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import type { TopicKind } from './columns.js';

export type Decoded =
  | { ok: true; kind: 'quote'; event: QuoteEvent }
  | { ok: true; kind: 'sale'; event: SaleEvent }
  | { ok: true; kind: 'dlq'; event: DeadLetter }
  | { ok: false; reason: SkipReason };

/** The reasons the shared decode can give (a subset of the dead-letter reasons). */
type SkipReason = 'not_json' | 'invalid_schema' | 'future_timestamp' | 'invalid_value';

export interface DecodeLimits {
  /** The record's Kafka timestamp, epoch ms (core code reads no clock). */
  kafkaTs: number;
  /** Event times further ahead of it are rejected, as the processor does, ms. */
  maxFutureMs: number;
}

/** Largest |epoch ms| a timestamp column holds (JS Date's range; DuckDB's is wider). */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Bytes -> a valid event of the topic's kind, or why not. The archiver skips (and counts)
 * invalid records: the processor has already dead-lettered them with the full reason, by the
 * same rule (decodeEvent in contracts). Never throws.
 */
export function decodeRecord(kind: TopicKind, bytes: Buffer | null, limits: DecodeLimits): Decoded {
  if (kind === 'dlq') {
    const d = decodeJson(DeadLetterSchema, bytes);
    if (!d.ok) return { ok: false, reason: d.reason as SkipReason };
    // Times must fit a timestamp column: a file DuckDB cannot write would stop the partition.
    return Math.abs(d.event.at) > MAX_EPOCH_MS ? { ok: false, reason: 'invalid_value' } : { ok: true, kind, event: d.event };
  }
  const d = decodeEvent(kind === 'quote' ? QuoteEventSchema : SaleEventSchema, bytes, { now: limits.kafkaTs, maxFutureMs: limits.maxFutureMs });
  return d.ok ? ({ ok: true, kind, event: d.event } as Decoded) : { ok: false, reason: d.reason as SkipReason };
}
