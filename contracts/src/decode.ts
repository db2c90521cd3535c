import type { z } from 'zod';
import type { DlqReason } from './dead-letter.js';

export type Decoded<T> = { ok: true; event: T } | { ok: false; reason: DlqReason; error: string };

/**
 * A hand-checked fast path beside a schema: the parsed JSON as a value of the schema when it is
 * certainly one (exactly what safeParse would return, compared with toEqual), otherwise
 * undefined and the schema decides (and words the error). It may refuse more than the schema,
 * never less.
 */
export type FastCheck<T> = (raw: unknown) => T | undefined;

/**
 * JSON.parse for the common form of a record, read from its bytes without a string first: a
 * value with the keys and values JSON.parse would return, or undefined to let JSON.parse read it.
 */
export type PlainParser = (bytes: Buffer) => unknown;

export interface DecodeLimits {
  /** The record's Kafka timestamp, epoch ms (passed in: pure code reads no clock). */
  now: number;
  /** How far ahead of `now` an event time may be before it is rejected, ms. */
  maxFutureMs: number;
}

/**
 * Bytes -> a value of `schema`, or why not: not_json, invalid_schema (a field absent, or a root
 * that is not an object) or invalid_value (present but wrong). Never throws: a bad record must
 * not stop a partition.
 */
export function decodeJson<S extends z.ZodType>(schema: S, bytes: Buffer | null, fast?: FastCheck<z.infer<S>>, plain?: PlainParser): Decoded<z.infer<S>> {
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'not_json', error: 'empty message' };
  let raw: unknown = plain?.(bytes);
  if (raw === undefined) {
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      return { ok: false, reason: 'not_json', error: (err as Error).message };
    }
  }
  const quick = fast?.(raw);
  if (quick !== undefined) return { ok: true, event: quick };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data as z.infer<S> };
  const issue = parsed.error.issues[0];
  // Stryker disable next-line OptionalChaining: equivalent, a failed safeParse has at least one issue
  const where = issue?.path.join('.') || '(root)';
  // A field that is absent is a schema problem; one that is present but wrong is a bad value.
  // A non-object root (null, an array, a number) has none of the expected shape.
  const missing = issue && (issue.path.length === 0 || valueAt(raw, issue.path) === undefined);
  const reason: DlqReason = missing ? 'invalid_schema' : 'invalid_value';
  // Stryker disable next-line OptionalChaining,LogicalOperator: equivalent, every zod issue has a message
  return { ok: false, reason, error: `${where}: ${issue?.message ?? 'invalid'}` };
}

/**
 * The services' one event rule (processor dead-letters, archiver skips): decodeJson, then an
 * event time more than maxFutureMs ahead of the record's timestamp is a future_timestamp.
 */
export function decodeEvent<S extends z.ZodType<{ ts: number }>>(schema: S, bytes: Buffer | null, limits: DecodeLimits, fast?: FastCheck<z.infer<S>>, plain?: PlainParser): Decoded<z.infer<S>> {
  const d = decodeJson(schema, bytes, fast, plain);
  if (!d.ok || d.event.ts <= limits.now + limits.maxFutureMs) return d;
  return { ok: false, reason: 'future_timestamp', error: `ts ${isoTime(d.event.ts)} is more than ${limits.maxFutureMs} ms ahead of ${isoTime(limits.now)}` };
}

/** ISO time, or the number itself beyond Date's range (an event time may be any safe integer). */
function isoTime(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
