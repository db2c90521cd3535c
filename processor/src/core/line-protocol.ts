import { FLOAT_MAX_BYTES, writeFloat, writeUint } from './float-literal.js';
import { LineBatch } from './line-batch.js';
import type { FieldRow, Point } from './points.js';

// Line protocol has no raw newline in names or tag values: an unescaped one would let a
// record inject points. Same escapes as the official client (escape.tag).
const CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const esc = (c: string): string => CONTROL[c] ?? `\\${c}`;
const escMeasurement = (s: string): string => s.replace(/[, \n\r\t]/g, esc);
const escTag = (s: string): string => s.replace(/[,= \n\r\t]/g, esc);

// Tag and field names come from a small fixed set: `,key=` escaped once per name (hot path),
// one part of the line instead of three (a line's first field takes it with a space for the comma).
const keyTexts = new Map<string, string>();
function keyText(k: string): string {
  let e = keyTexts.get(k);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache (escaping again gives the same text)
  if (e === undefined) {
    e = `,${escTag(k)}=`;
    // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
    if (keyTexts.size < 10_000) keyTexts.set(k, e);
  }
  return e;
}
/** A measurement's escaped name, and its field keys' texts by position (see add). */
interface Shape {
  text: string;
  keys: string[];
  keyTexts: string[];
}
const shapes = new Map<string, Shape>();
function shapeOf(measurement: string): Shape {
  let shape = shapes.get(measurement);
  if (shape === undefined) {
    shape = { text: escMeasurement(measurement), keys: [], keyTexts: [] };
    // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
    if (shapes.size < 1000) shapes.set(measurement, shape);
  }
  return shape;
}
// A row layout's key texts, by the identity of its names array (one per layout).
const rowKeys = new Map<readonly string[], string[]>();
function rowKeyTexts(names: readonly string[]): string[] {
  let keys = rowKeys.get(names);
  if (keys === undefined) {
    keys = names.map(keyText);
    // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
    if (rowKeys.size < 100) rowKeys.set(names, keys);
  }
  return keys;
}
// Tag values repeat too (symbols, intervals): the escaped form of the first 10,000 is kept.
const tagValueCache = new Map<string, string>();
// Stryker disable next-line Regex: a fast path only; escTag of a safe value is the value (unsafe values are killed by the round-trip property)
const SAFE_VALUE = /^[^,= \n\r\t\\]*$/;

const LF = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;

/**
 * Points -> line protocol bytes, appended to one growing buffer; `take()` hands over what was
 * written as a LineBatch. Tags sorted (InfluxDB's canonical order, fastest to ingest). Each
 * piece is copied byte by byte (UTF-8 through Buffer#write only when it is not ASCII): built
 * as strings, a quote line was a tree of ~30 concatenations that joining into the request
 * body had to flatten, ~2 µs per line.
 */
export class LineWriter {
  private buf: Buffer;
  private at = 0;
  private count = 0;
  private readonly tagKeys: string[] = [];

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  add(p: Point): void {
    const lineStart = this.at;
    if (this.count > 0) this.byte(LF);
    const shape = shapeOf(p.measurement);
    this.text(shape.text);
    const tags = this.sortedTagKeys(p.tags);
    for (let i = 0; i < tags; i++) {
      const k = this.tagKeys[i] as string;
      const v = p.tags[k];
      if (v === undefined || v === '') continue;
      this.text(keyText(k));
      this.text(tagValueCache.get(v) ?? escTagValue(v));
    }
    let first = p.row === undefined || !this.row(p.row);
    let pos = 0;
    for (const k in p.fields) {
      const v = p.fields[k] as number | string;
      const at = pos++;
      if (typeof v !== 'string' && !Number.isFinite(v)) continue; // NaN/Infinity are not representable; drop the field
      // The fields of a measurement come in the same order line after line: the key's text is
      // looked up by position, and by name only when the name there changed.
      let key = shape.keyTexts[at];
      if (shape.keys[at] !== k) {
        key = keyText(k);
        shape.keys[at] = k;
        shape.keyTexts[at] = key;
      }
      if (first) {
        this.byte(SPACE);
        this.text(key as string, 1);
      } else {
        this.text(key as string);
      }
      if (typeof v === 'string') {
        this.byte(QUOTE);
        this.text(v.replace(/["\\]/g, '\\$&'));
        this.byte(QUOTE);
      } else {
        if (this.at + FLOAT_MAX_BYTES > this.buf.length) this.grow(FLOAT_MAX_BYTES);
        this.at = writeFloat(this.buf, this.at, v);
      }
      first = false;
    }
    if (first) {
      this.at = lineStart;
      throw new Error(`point ${p.measurement} has no finite field`);
    }
    this.byte(SPACE);
    if (Number.isSafeInteger(p.ts) && p.ts >= 0) {
      if (this.at + 16 > this.buf.length) this.grow(16);
      this.at = writeUint(this.buf, this.at, p.ts);
    } else {
      this.text(String(p.ts));
    }
    this.text(nsSuffix(p.nsOffset));
    this.count++;
  }

  /** A row's finite values after the line's tags; false when it had none. */
  private row(row: FieldRow): boolean {
    const keys = rowKeyTexts(row.names);
    const { values, at } = row;
    let written = false;
    for (let i = 0; i < keys.length; i++) {
      const v = values[at + i] as number;
      if (!Number.isFinite(v)) continue; // not known yet, or not representable
      if (written) {
        this.text(keys[i] as string);
      } else {
        this.byte(SPACE);
        this.text(keys[i] as string, 1);
        written = true;
      }
      if (this.at + FLOAT_MAX_BYTES > this.buf.length) this.grow(FLOAT_MAX_BYTES);
      this.at = writeFloat(this.buf, this.at, v);
    }
    return written;
  }

  /** The lines added since the last take, as one batch (copied out: the buffer is reused). */
  take(): LineBatch {
    if (this.count === 0) return LineBatch.EMPTY;
    const batch = LineBatch.fromBytes(Buffer.from(this.buf.subarray(0, this.at)), this.count);
    this.at = 0;
    this.count = 0;
    return batch;
  }

  private byte(b: number): void {
    if (this.at >= this.buf.length) this.grow(1);
    this.buf[this.at++] = b;
  }

  /** s from its `from`th character. */
  private text(s: string, from = 0): void {
    const n = s.length - from;
    if (this.at + 3 * n > this.buf.length) this.grow(3 * n); // UTF-8: at most 3 bytes per UTF-16 unit
    const buf = this.buf;
    const start = this.at - from;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.at = this.at + buf.write(s.slice(from), this.at, 'utf8');
        return;
      }
      buf[start + i] = c;
    }
    this.at = start + s.length;
  }

  /** The tag keys in code-unit order, as Array#sort orders strings, in an array reused line after line (never shrunk: emptied, it would allocate again). */
  private sortedTagKeys(o: Readonly<Record<string, string>>): number {
    const keys = this.tagKeys;
    let n = 0;
    for (const k in o) {
      let j = n - 1;
      for (; j >= 0 && (keys[j] as string) > k; j--) keys[j + 1] = keys[j] as string;
      keys[j + 1] = k;
      n++;
    }
    return n;
  }

  private grow(need: number): void {
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + need));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}

const single = new LineWriter(1024);
/** One point's line as text (tests, tools); the pipeline writes batches with a LineWriter. */
export function toLineProtocol(p: Point): string {
  single.add(p);
  return single.take().bytes.toString('utf8');
}

function escTagValue(v: string): string {
  const e = SAFE_VALUE.test(v) ? v : escTag(v);
  // Stryker disable next-line all: equivalent, the bound of a cache only limits memory
  if (tagValueCache.size < 10_000) tagValueCache.set(v, e);
  return e;
}

const ZERO_NS = '000000';
/** The 6 sub-millisecond digits of an ns timestamp (string concat: ms * 1e6 exceeds 2^53). */
function nsSuffix(ns: number | undefined): string {
  return ns === undefined ? ZERO_NS : String(ns).padStart(6, '0');
}
