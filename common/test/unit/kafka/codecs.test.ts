import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { registerKafkaCodecs } from '../../../src/kafka/codecs.js';

const { CompressionCodecs, CompressionTypes } = kafkajs;

describe('registerKafkaCodecs', () => {
  it('gives kafkajs a zstd codec that round-trips and shrinks JSON events', async () => {
    registerKafkaCodecs();
    const codec = CompressionCodecs[CompressionTypes.ZSTD]!();
    const json = Buffer.from(Array.from({ length: 500 }, (_, i) => JSON.stringify({ v: 1, symbol: `S${i % 50}`, ts: 1_767_000_000_000 + i, price: 100 + i / 100 })).join(''));
    const packed = await codec.compress({ buffer: json } as never);
    expect(packed.length).toBeLessThan(json.length / 4);
    expect(Buffer.compare(await codec.decompress(packed), json)).toBe(0);
  });

  it('round-trips batches past the synchronous size too (thread-pool path), both ways', async () => {
    registerKafkaCodecs();
    const codec = CompressionCodecs[CompressionTypes.ZSTD]!();
    // Incompressible bytes: both the input and the packed form exceed 64 KiB.
    const noise = randomBytes(200 * 1024);
    const packed = await codec.compress({ buffer: noise } as never);
    expect(packed.length).toBeGreaterThan(64 * 1024);
    expect(Buffer.compare(await codec.decompress(packed), noise)).toBe(0);
  });
});
