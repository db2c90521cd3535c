import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The patched kafkajs internals (patches/kafkajs+2.2.4.patch): offsets and timestamps come
// from number arithmetic when exact, from kafkajs's own Long path otherwise; the encoder
// writes varints in place into buffers that are not zero-filled.
const require = createRequire(import.meta.url);
const Decoder = require('kafkajs/src/protocol/decoder');
const Encoder = require('kafkajs/src/protocol/encoder');
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const Long = require('kafkajs/src/utils/long');
const Batch = require('kafkajs/src/consumer/batch');
const { Types } = require('kafkajs/src/protocol/message/compression');

interface Decoded {
  records: { offset: string; timestamp: string; value: Buffer; headers: Record<string, Buffer> }[];
}

async function roundTrip(firstOffset: string, firstTimestamp: string, records: { offsetDelta: number; timestampDelta: number | bigint; value?: Buffer }[], compression = Types.None): Promise<Decoded> {
  const encoded = await RecordBatch({
    compression,
    firstOffset: Long.fromValue(firstOffset),
    firstTimestamp: Long.fromValue(firstTimestamp),
    maxTimestamp: Long.fromValue(firstTimestamp),
    lastOffsetDelta: records.length - 1,
    records: records.map((r, i) => Record({ ...r, timestampDelta: Long.fromValue(r.timestampDelta), key: null, value: r.value ?? Buffer.from(`v${i}`), headers: i === 1 ? { h: 'x' } : {} })),
  });
  return decodeBatch(new Decoder(encoded.buffer));
}

const big = (first: string, delta: number | bigint) => (BigInt(first) + BigInt(delta)).toString();

describe('kafkajs record decoding (patched)', () => {
  it('gives each record its offset and timestamp as exact decimal strings, deltas negative or positive', async () => {
    const deltas = [
      { offsetDelta: 0, timestampDelta: 0 },
      { offsetDelta: 1, timestampDelta: -5 },
      { offsetDelta: 2, timestampDelta: 2 ** 40 },
      { offsetDelta: 3, timestampDelta: -(2 ** 47) },
    ];
    for (const compression of [Types.None, Types.GZIP]) {
      const d = await roundTrip('41', '1700000000000', deltas, compression);
      expect(d.records.map((r) => r.offset)).toEqual(['41', '42', '43', '44']);
      expect(d.records.map((r) => r.timestamp)).toEqual(deltas.map((x) => big('1700000000000', x.timestampDelta)));
      expect(d.records.map((r) => r.value.toString())).toEqual(['v0', 'v1', 'v2', 'v3']);
      expect(d.records[1]?.headers.h?.toString()).toBe('x');
    }
  });

  it('falls back to kafkajs Longs beyond 2^53: a first offset that large, or a timestamp delta past 49 bits', async () => {
    const huge = '9007199254740993'; // 2^53 + 1: not a double
    const d = await roundTrip(huge, '1700000000000', [{ offsetDelta: 0, timestampDelta: 0 }, { offsetDelta: 2, timestampDelta: 1 }]);
    expect(d.records.map((r) => r.offset)).toEqual([huge, big(huge, 2)]);
    const wide = 2n ** 52n + 3n;
    const e = await roundTrip('7', '1000', [{ offsetDelta: 0, timestampDelta: wide }, { offsetDelta: 1, timestampDelta: -wide }, { offsetDelta: 2, timestampDelta: 9 }]);
    expect(e.records.map((r) => r.timestamp)).toEqual([big('1000', wide), big('1000', -wide), '1009']);
    expect(e.records.map((r) => r.offset)).toEqual(['7', '8', '9']);
  });

  it('a fetched batch drops the records below the fetched offset, compared exactly at any size', () => {
    const msgs = (offsets: string[]) => ({ partition: 0, highWatermark: '100', abortedTransactions: [], messages: offsets.map((offset) => ({ offset, isControlRecord: false, batchContext: {} })) });
    expect(new Batch('t', '5', msgs(['3', '4', '5', '6'])).messages.map((m: { offset: string }) => m.offset)).toEqual(['5', '6']);
    const huge = ['9007199254740992', '9007199254740993', '9007199254740994'];
    expect(new Batch('t', huge[1], msgs(huge)).messages.map((m: { offset: string }) => m.offset)).toEqual(huge.slice(1));
  });

  it('encodes varints as LEB128 of their zigzag value, in place, whatever was in the buffer before', () => {
    // Dirty the pool the unzeroed buffers come from.
    for (let i = 0; i < 64; i++) Buffer.allocUnsafe(256).fill(0xee);
    const leb = (n: number): number[] => {
      let z = (n << 1) ^ (n >> 31);
      const out: number[] = [];
      while (z >>> 7 !== 0) {
        out.push((z & 0x7f) | 0x80);
        z >>>= 7;
      }
      return [...out, z];
    };
    const values = [0, 1, -1, 63, -64, 64, 300, -300, 2 ** 20, -(2 ** 20), 2 ** 31 - 1, -(2 ** 31)];
    const e = new Encoder();
    for (const v of values) e.writeVarInt(v);
    expect([...e.buffer]).toEqual(values.flatMap(leb));
  });

  it('a record batch of large and small values, past the encoder\'s first buffer, decodes to the same bytes', async () => {
    const value = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));
    const sizes = [0, 1, 127, 128, 1300, 4096, 70_000];
    const d = await roundTrip('5', '1700000000000', sizes.map((n, i) => ({ offsetDelta: i, timestampDelta: i, value: value(n, i) })));
    expect(d.records.map((r) => r.value.equals(value(sizes[d.records.indexOf(r)] as number, d.records.indexOf(r))))).toEqual(sizes.map(() => true));
  });
});

describe('kafkajs CRC-32C (patched: slicing-by-8)', () => {
  const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;
  /** The definition, one bit at a time (reflected Castagnoli polynomial). */
  function reference(b: Uint8Array): number {
    let crc = 0xffffffff;
    for (const byte of b) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  }

  it('gives the check value of the standard ("123456789" -> e3069283)', () => {
    expect(crc32C(Buffer.from('123456789')).toString(16)).toBe('e3069283');
  });

  it('matches the bitwise definition at every length and offset around the 8-byte steps', () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff));
    for (let start = 0; start < 9; start++) {
      for (let len = 0; len < 40; len++) expect(crc32C(bytes.subarray(start, start + len))).toBe(reference(bytes.subarray(start, start + len)));
    }
    expect(crc32C(bytes)).toBe(reference(bytes));
  });
});
