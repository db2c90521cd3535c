import type { BucketKind } from '@tickflow/contracts';
import { floatLiteral } from './float-literal.js';

export { floatLiteral };

/**
 * A point as InfluxDB stores it. Its identity is (measurement, tags, ts): writing the same
 * identity again overwrites the fields, which is what makes replays idempotent.
 */
export interface Point {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  /** Numeric fields, always written as floats so a series never changes type; strings for names and states. */
  fields: Readonly<Record<string, number | string>>;
  /** Event time, epoch milliseconds (an integer). */
  ts: number;
  /**
   * Nanoseconds added to `ts`, 0..999999 (default 0): tells apart points of one series that
   * share a millisecond (high-ticket order lines). Lines are written with precision=ns.
   */
  nsOffset?: number;
  /** The bucket kind that keeps it (contracts BUCKETS); raw when absent. Not part of the line. */
  bucket?: BucketKind;
}

// Line protocol has no raw newline in names or tag values: an unescaped one would let a
// record inject points. Same escapes as the official client (escape.tag).
const CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const esc = (c: string): string => CONTROL[c] ?? `\\${c}`;
const escMeasurement = (s: string): string => s.replace(/[, \n\r\t]/g, esc);
const escTag = (s: string): string => s.replace(/[,= \n\r\t]/g, esc);

// Measurement, tag and field names come from a small fixed set: escape each once (hot path).
const keyCache = new Map<string, string>();
const measurementCache = new Map<string, string>();
function cached(cache: Map<string, string>, k: string, escape: (s: string) => string): string {
  let e = cache.get(k);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache (escaping again gives the same text)
  if (e === undefined) {
    e = escape(k);
    // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
    if (cache.size < 10_000) cache.set(k, e);
  }
  return e;
}
// A key with what goes before and after it, `,key=` and ` key=`: one part of the line instead of three.
const pairKey = (k: string): string => `,${escTag(k)}=`;
const firstKey = (k: string): string => ` ${escTag(k)}=`;
const firstKeyCache = new Map<string, string>();
// Tag values repeat too (symbols, intervals): the escaped form of the first 10,000 is kept.
const tagValueCache = new Map<string, string>();
// Stryker disable next-line Regex: a fast path only; escTag of a safe value is the value (unsafe values are killed by the round-trip property)
const SAFE_VALUE = /^[^,= \n\r\t\\]*$/;

/**
 * Line protocol for one point; tags sorted (InfluxDB's canonical order, fastest to ingest).
 * Concatenated: Array#join of the ~35 parts cost three times as much per quote line. The
 * result is a tree of its pieces until a lane joins the batch's lines into bytes (LineBatch).
 */
export function toLineProtocol(p: Point): string {
  let line = cached(measurementCache, p.measurement, escMeasurement);
  const tagKeys = sortedKeys(p.tags);
  for (let i = 0; i < tagKeys.length; i++) {
    const k = tagKeys[i] as string;
    const v = p.tags[k];
    if (v !== undefined && v !== '') line += cached(keyCache, k, pairKey) + (tagValueCache.get(v) ?? escTagValue(v));
  }
  let first = true;
  for (const k in p.fields) {
    const v = p.fields[k] as number | string;
    if (typeof v !== 'string' && !Number.isFinite(v)) continue; // NaN/Infinity are not representable; drop the field
    line += first ? cached(firstKeyCache, k, firstKey) : cached(keyCache, k, pairKey);
    line += typeof v === 'string' ? '"' + v.replace(/["\\]/g, '\\$&') + '"' : floatLiteral(v);
    first = false;
  }
  if (first) throw new Error(`point ${p.measurement} has no finite field`);
  return line + ' ' + String(p.ts) + nsSuffix(p.nsOffset);
}

function escTagValue(v: string): string {
  const e = SAFE_VALUE.test(v) ? v : escTag(v);
  // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
  if (tagValueCache.size < 10_000) tagValueCache.set(v, e);
  return e;
}

/** Keys in code-unit order, as Array#sort orders strings; insertion sort of the few tags allocates nothing more. */
function sortedKeys(o: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > k; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = k;
  }
  return keys;
}

const ZERO_NS = '000000';
/** The 6 sub-millisecond digits of an ns timestamp (string concat: ms * 1e6 exceeds 2^53). */
function nsSuffix(ns: number | undefined): string {
  return ns === undefined ? ZERO_NS : String(ns).padStart(6, '0');
}
