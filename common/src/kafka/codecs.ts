import { promisify } from 'node:util';
import { zstdCompress, zstdCompressSync, zstdDecompress, zstdDecompressSync } from 'node:zlib';
import kafkajs from 'kafkajs';

// Default import: Node's CommonJS export detection does not see CompressionCodecs.
const { CompressionCodecs, CompressionTypes } = kafkajs;
const compressAsync = promisify(zstdCompress);
const decompressAsync = promisify(zstdDecompress);

/**
 * Buffers up to this size are (de)compressed synchronously, bytes. Node's async zlib costs
 * ~80 µs CPU per call in thread-pool hand-offs against ~13 µs sync for a 1 KB record batch
 * (paced producers and low-latency fetches make thousands of those a second); past this size
 * the work itself dominates and would block the event loop, so it goes to the pool.
 */
const SYNC_MAX_BYTES = 64 * 1024;

/**
 * Registers a zstd codec for kafkajs (which ships only gzip) on Node's built-in zstd, so no
 * native add-on is needed. Every service that reads or writes Kafka calls it (through
 * kafkaClientConfig): a topic written with zstd must be readable by every consumer.
 */
export function registerKafkaCodecs(): void {
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) =>
      encoder.buffer.length <= SYNC_MAX_BYTES ? zstdCompressSync(encoder.buffer) : compressAsync(encoder.buffer),
    decompress: async (buffer: Buffer) => (buffer.length <= SYNC_MAX_BYTES ? zstdDecompressSync(buffer) : decompressAsync(buffer)),
  });
}
