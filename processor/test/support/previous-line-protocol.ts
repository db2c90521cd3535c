import type { Point } from '../../src/core/points.js';
import { plain } from './points.js';

/**
 * toLineProtocol as it was before the hot-path work of 2026-12-07 (commit 2676a07), kept
 * verbatim as the reference the current writer must match byte for byte.
 */
// Line protocol has no raw newline in names or tag values: an unescaped one would let a
// record inject points. Same escapes as the official client (escape.tag).
const CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const esc = (c: string): string => CONTROL[c] ?? `\\${c}`;
const escMeasurement = (s: string): string => s.replace(/[, \n\r\t]/g, esc);
const escTag = (s: string): string => s.replace(/[,= \n\r\t]/g, esc);

// Measurement, tag and field names come from a small fixed set: escape each once (hot path).
const keyCache = new Map<string, string>();
function escKey(k: string): string {
  let e = keyCache.get(k);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache (escaping again gives the same text)
  if (e === undefined) {
    e = escTag(k);
    // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
    if (keyCache.size < 10_000) keyCache.set(k, e);
  }
  return e;
}
// Stryker disable next-line Regex: a fast path only; escTag of a safe value is the value (unsafe values are killed by the round-trip property)
const SAFE_VALUE = /^[^,= \n\r\t\\]*$/;

/** Line protocol for one point; tags sorted (InfluxDB's canonical order, fastest to ingest). */
export function previousToLineProtocol(point: Point): string {
  const p = plain(point);
  let line = escMeasurement(p.measurement);
  const tagKeys = Object.keys(p.tags);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, sorting 0 or 1 key is a no-op
  if (tagKeys.length > 1) tagKeys.sort();
  for (const k of tagKeys) {
    const v = p.tags[k];
    if (v !== undefined && v !== '') line += `,${escKey(k)}=${SAFE_VALUE.test(v) ? v : escTag(v)}`;
  }
  let sep = ' ';
  for (const k in p.fields) {
    const v = p.fields[k] as number | string;
    if (typeof v === 'string') line += `${sep}${escKey(k)}="${v.replace(/["\\]/g, '\\$&')}"`;
    else if (!Number.isFinite(v)) continue; // NaN/Infinity are not representable; drop the field
    else line += `${sep}${escKey(k)}=${floatLiteral(v)}`;
    sep = ',';
  }
  if (sep === ' ') throw new Error(`point ${p.measurement} has no finite field`);
  return `${line} ${p.ts}${nsSuffix(p.nsOffset)}`;
}

const ZERO_NS = '000000';
/** The 6 sub-millisecond digits of an ns timestamp (string concat: ms * 1e6 exceeds 2^53). */
function nsSuffix(ns: number | undefined): string {
  return ns === undefined ? ZERO_NS : String(ns).padStart(6, '0');
}

/** Shortest round-trip decimal; integers get no suffix, so InfluxDB types them as floats. */
function floatLiteral(v: number): string {
  return String(v);
}
