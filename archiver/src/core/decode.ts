import { DeadLetterSchema, QuoteEventSchema, SaleEventSchema, type DeadLetter, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import type { TopicKind } from './columns.js';

export type Decoded =
  | { ok: true; kind: 'quote'; event: QuoteEvent }
  | { ok: true; kind: 'sale'; event: SaleEvent }
  | { ok: true; kind: 'dlq'; event: DeadLetter }
  | { ok: false; reason: 'not_json' | 'invalid_schema' };

const SCHEMAS = { quote: QuoteEventSchema, sale: SaleEventSchema, dlq: DeadLetterSchema } as const;

/**
 * Bytes -> a valid event of the topic's kind, or why not. The archiver skips (and counts)
 * invalid records: the processor has already dead-lettered them with the full reason.
 * Never throws.
 */
export function decodeRecord(kind: TopicKind, bytes: Buffer | null): Decoded {
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'not_json' };
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const parsed = SCHEMAS[kind].safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid_schema' };
  return { ok: true, kind, event: parsed.data } as Decoded;
}
