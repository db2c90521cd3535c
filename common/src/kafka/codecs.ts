import { promisify } from 'node:util';
import { zstdCompress, zstdDecompress } from 'node:zlib';
import kafkajs from 'kafkajs';

// Default import: Node's CommonJS export detection does not see CompressionCodecs.
const { CompressionCodecs, CompressionTypes } = kafkajs;
const compress = promisify(zstdCompress);
const decompress = promisify(zstdDecompress);

/**
 * Registers a zstd codec for kafkajs (which ships only gzip) on Node's built-in zstd, so no
 * native add-on is needed. Every service that reads or writes Kafka calls it (through
 * kafkaClientConfig): a topic written with zstd must be readable by every consumer.
 */
export function registerKafkaCodecs(): void {
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => compress(encoder.buffer),
    decompress: async (buffer: Buffer) => decompress(buffer),
  });
}
