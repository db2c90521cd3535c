/**
 * Where files go: hive-style `layer/topic=T/date=YYYY-MM-DD[/hour=HH]/part-pPPPP-FIRST-LAST.parquet`.
 * Raw files are partitioned by the Kafka timestamp (when the event was received, so one
 * partition's records fill one hour at a time); clean files by event time (what reports
 * filter on). FIRST-LAST is the Kafka offset range the file covers, zero-padded so names sort
 * by offset: re-archiving the same records after a crash gives the same name.
 */
import type { Layer } from './columns.js';

export interface FileRange {
  partition: number;
  first: bigint;
  last: bigint;
}

const pad = (n: bigint): string => n.toString().padStart(20, '0');

const DAY_MS = 86_400_000;
let lastDay = Number.NaN;
// Stryker disable next-line StringLiteral: equivalent, lastDay starts NaN so the first call sets it
let lastDate = '';

/** YYYY-MM-DD (UTC) of an epoch-ms time. Called per record: the last day's string is reused. */
export function utcDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache (recomputing gives the same string)
  if (day !== lastDay) {
    lastDay = day;
    lastDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  return lastDate;
}

export function utcHour(ms: number): string {
  return new Date(ms).toISOString().slice(11, 13);
}

export function fileName(r: FileRange): string {
  return `part-p${String(r.partition).padStart(4, '0')}-${pad(r.first)}-${pad(r.last)}.parquet`;
}

const NAME = /(?:^|\/)part-p(\d{4,})-(\d{20})-(\d{20})\.parquet$/;

/** The offset range of an archive file's key, or undefined for anything else (temp files, other tools' files). */
export function parseFileName(key: string): FileRange | undefined {
  const m = NAME.exec(key);
  if (!m) return undefined;
  return { partition: Number(m[1]), first: BigInt(m[2] as string), last: BigInt(m[3] as string) };
}

export function topicPrefix(layer: Layer, topic: string): string {
  return `${layer}/topic=${topic}/`;
}

export function rawKey(topic: string, kafkaTsMs: number, r: FileRange): string {
  return `${topicPrefix('raw', topic)}date=${utcDate(kafkaTsMs)}/hour=${utcHour(kafkaTsMs)}/${fileName(r)}`;
}

export function cleanKey(topic: string, date: string, r: FileRange): string {
  return `${topicPrefix('clean', topic)}date=${date}/${fileName(r)}`;
}

/** The `date=` value in a key, if any. */
export function dateOfKey(key: string): string | undefined {
  return /\/date=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
}
