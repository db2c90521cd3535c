import type { DlqReason } from '@tickflow/contracts';
import type { z } from 'zod';

export type Decoded<T> = { ok: true; event: T } | { ok: false; reason: DlqReason; error: string };

export interface DecodeLimits {
  /** Processing time of the batch, epoch ms (passed in: core code reads no clock). */
  now: number;
  /** How far in the future an event time may be before it is rejected, ms. */
  maxFutureMs: number;
}

/**
 * Bytes -> validated event, or a dead-letter reason. Never throws: a bad record must not
 * stop the loop.
 */
export function decodeEvent<S extends z.ZodType<{ ts: number }>>(
  schema: S,
  bytes: Buffer | null,
  limits: DecodeLimits,
): Decoded<z.infer<S>> {
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'not_json', error: 'empty message' };
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'not_json', error: (err as Error).message };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
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
  const event = parsed.data as z.infer<S>;
  if (event.ts > limits.now + limits.maxFutureMs) {
    return {
      ok: false,
      reason: 'future_timestamp',
      error: `ts ${new Date(event.ts).toISOString()} is more than ${limits.maxFutureMs} ms ahead of ${new Date(limits.now).toISOString()}`,
    };
  }
  return { ok: true, event };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
