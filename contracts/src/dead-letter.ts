import { z } from 'zod';

/** Why a record was dead-lettered. Stable codes: dashboards and alerts group by them. */
export const DLQ_REASONS = [
  'not_json',
  'invalid_schema',
  'invalid_value',
  'future_timestamp',
  'late',
  'duplicate',
  'unknown_currency',
  'unknown_symbol',
  'parse_error',
  /** InfluxDB refused the point itself (type conflict, outside retention); the original is the line. */
  'influx_rejected',
] as const;
export type DlqReason = (typeof DLQ_REASONS)[number];

/**
 * The dead-letter record: the original bytes (base64, so nothing is lost even if not UTF-8)
 * plus where they came from and why they were rejected.
 */
export const DeadLetterSchema = z.object({
  reason: z.enum(DLQ_REASONS),
  error: z.string(),
  originalBase64: z.string(),
  source: z.object({
    topic: z.string().optional(),
    partition: z.number().int().optional(),
    offset: z.string().optional(),
    file: z.string().optional(),
    line: z.number().int().optional(),
  }),
  at: z.number().int(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export function makeDeadLetter(
  reason: DlqReason,
  error: string,
  original: Uint8Array | string,
  source: DeadLetter['source'],
  at: number,
): DeadLetter {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent, Buffer.from reads a string as UTF-8 by default and ignores an encoding for bytes
  const bytes = typeof original === 'string' ? Buffer.from(original, 'utf8') : Buffer.from(original);
  return { reason, error, originalBase64: bytes.toString('base64'), source, at };
}
