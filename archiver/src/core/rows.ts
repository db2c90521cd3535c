import type { Decoded } from './decode.js';

/** Where a record came from: the first four columns of every row. */
export interface KafkaMeta {
  topic: string;
  partition: number;
  offset: bigint;
  /** The record's Kafka timestamp, epoch ms. */
  timestamp: number;
}

/**
 * A valid record as one NDJSON line for DuckDB to read (columns.ts says how): its Kafka
 * coordinates and the event JSON exactly as received. Building a string is far cheaper than
 * appending each value through the native appender, and DuckDB parses JSON in C++. A value
 * with line breaks (pretty-printed JSON) or a lone UTF-16 surrogate escape (valid for JSON.parse,
 * rejected by DuckDB and by UTF-8) is re-serialised from the decoded event, lone surrogates as
 * U+FFFD.
 */
export function rawLine(meta: KafkaMeta, value: string, d: Extract<Decoded, { ok: true }>): string {
  const json = /[\n\r]|\\u[dD][89a-fA-F]/.test(value) ? JSON.stringify(d.event, wellFormed) : value;
  return `{"t":${JSON.stringify(meta.topic)},"p":${meta.partition},"o":${meta.offset},"k":${meta.timestamp},"e":${json}}`;
}

/**
 * The line of an event the clean layer keeps: plus its rate (null = unknown), base currency,
 * late flag and `c`, the clean file (event date) it goes to. One line feeds both layers.
 */
export function cleanLine(raw: string, fxRate: number | null, baseCurrency: string, late: boolean, date: string): string {
  return `${raw.slice(0, -1)},"fx":${fxRate ?? 'null'},"b":${JSON.stringify(baseCurrency)},"late":${late},"c":"${date}"}`;
}

// String.prototype.toWellFormed is in Node 20+ (ES2024; our tsconfig's lib is older).
type WellFormed = string & { toWellFormed(): string };

function wellFormed(_key: string, v: unknown): unknown {
  return typeof v === 'string' ? (v as WellFormed).toWellFormed() : v;
}
