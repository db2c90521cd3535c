import { CompressionTypes } from 'kafkajs';

/** Codecs a topic can be written with (zstd through Node's zlib, see common/src/kafka/codecs.ts). */
export const COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const COMPRESSION_TYPES: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  zstd: CompressionTypes.ZSTD,
};
