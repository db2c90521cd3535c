import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/pump/batch.js';
import { RECORD_OVERHEAD_BYTES } from '@tickflow/contracts';
import type { OutRecord } from '../../../src/pump/sink.js';
import type { SourceItem } from '../../../src/pump/source.js';

/** kafkajs' own record encoder (v0 record of a record batch): the bytes the broker receives. */
const encodeRecord = createRequire(import.meta.url)('kafkajs/src/protocol/recordBatch/record/v0') as (r: {
  offsetDelta?: number;
  key: Buffer | null;
  value: Buffer;
  headers?: Record<string, string>;
}) => { size(): number };

const encodedSize = (r: OutRecord, offsetDelta = 0): number =>
  encodeRecord({ offsetDelta, key: r.key === null ? null : Buffer.from(r.key), value: Buffer.from(r.value), ...(r.headers ? { headers: r.headers } : {}) }).size();

const ascii = (s: string): string => s.normalize('NFD').replace(/[^\x20-\x7e]/g, '');
/** The same record in plain ASCII, of as many characters (UTF-16 units) as the original. */
const asciiTwin = (r: OutRecord): OutRecord => {
  const same = (s: string): string => ascii(s).padEnd(s.length, '_');
  return { topic: r.topic, key: r.key === null ? null : same(r.key), value: same(r.value), ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [same(k), same(v)])) } : {}) };
};

const sale: SourceItem = { kind: 'sale' } as SourceItem;
const CITIES = ['São Paulo', 'Zürich', 'Kraków', 'Łódź', 'Malmö', '東京'];

describe('Batch.bytesOf counts UTF-8 bytes, as kafkajs encodes them', () => {
  const records: OutRecord[] = CITIES.map((city) => ({
    topic: 'sales.dlq',
    key: city,
    value: JSON.stringify({ city, note: `livraison à ${city}` }),
    headers: { reason: `ville « ${city} » inconnue` },
  }));

  it('multi-byte keys, values and headers: bytesOf grows exactly as the encoded record does', () => {
    for (const r of records) {
      const twin = asciiTwin(r);
      expect(twin.key?.length).toBe(r.key?.length);
      expect(Batch.bytesOf(r) - Batch.bytesOf(twin), r.key ?? '').toBe(encodedSize(r) - encodedSize(twin));
    }
  });

  it('never counts fewer bytes than the encoder writes, and at most the per-record overhead more', () => {
    for (const r of records) {
      for (const offsetDelta of [0, 4999]) {
        const real = encodedSize(r, offsetDelta);
        expect(Batch.bytesOf(r)).toBeGreaterThanOrEqual(real);
        expect(Batch.bytesOf(r) - real).toBeLessThanOrEqual(RECORD_OVERHEAD_BYTES);
      }
    }
  });
});

describe('Batch bounded by bytes', () => {
  // Three records of the same size, "Zürich" in each: a bound of exactly three records' bytes.
  const record = (i: number): OutRecord => ({ topic: 'sales', key: `Zürich-${i}`, value: JSON.stringify({ city: 'Zürich', i }) });
  const size = Batch.bytesOf(record(1));
  const fill = (maxBytes: number): { batch: Batch; added: number } => {
    const batch = new Batch(100, maxBytes);
    let added = 0;
    for (let i = 1; i <= 5; i++) {
      const r = record(i);
      if (!batch.fits(Batch.bytesOf(r))) break;
      batch.add(sale, r, Batch.bytesOf(r));
      added++;
    }
    return { batch, added };
  };

  it('fills maxBatchBytes exactly: the record that reaches the bound fits, and the batch is then full', () => {
    expect(Buffer.byteLength(record(1).key as string)).toBe('Zurich-1'.length + 1); // ü is two bytes
    const { batch, added } = fill(3 * size);
    expect(added).toBe(3);
    expect(batch.counts.bytes).toBe(3 * size);
    expect(batch.full).toBe(true);
  });

  it('one byte less leaves the third record for the next batch', () => {
    const { batch, added } = fill(3 * size - 1);
    expect(added).toBe(2);
    expect(batch.counts.bytes).toBe(2 * size);
    expect(batch.full).toBe(false);
    expect(batch.fits(size)).toBe(false);
  });

  it('a record larger than the bound still goes, alone', () => {
    const batch = new Batch(100, 10);
    expect(batch.fits(size)).toBe(true);
    batch.add(sale, record(1), size);
    expect(batch.fits(size)).toBe(false);
  });
});
