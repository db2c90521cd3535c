/**
 * Ceiling: kafkajs producing alone. Sends EVENTS pre-serialised quotes or sales (KIND) to
 * TOPIC on an idempotent, acks=all producer, in the producer's own batch bounds (BATCH
 * records, MAX_BYTES bytes), one send at a time, with COMPRESSION (none|gzip|zstd). Nothing
 * else runs: no generation, no JSON, no pump. Prints
 * {"events","seconds","cpuUsPerEvent","jsonBytesPerEvent","wireBytesPerEvent"}.
 */
import { registerKafkaCodecs } from '@tickflow/common';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { promisify } from 'node:util';
import { gzip, zstdCompress } from 'node:zlib';
import { COMPRESSION_TYPES, type Compression } from '../../producer/src/sinks/compression.js';
import { QuoteSource, SaleSource } from '../lib/events.js';

const codecs: Record<Compression, (b: Buffer) => Promise<Buffer>> = {
  none: async (b) => b,
  gzip: promisify(gzip),
  zstd: promisify(zstdCompress),
};

async function main(): Promise<void> {
  const topic = process.env.TOPIC ?? '';
  const total = Number(process.env.EVENTS ?? 200_000);
  const compression = (process.env.COMPRESSION ?? 'none') as Compression;
  const maxCount = Number(process.env.BATCH ?? 5000);
  const maxBytes = Number(process.env.MAX_BYTES ?? 921_600);
  const sales = process.env.KIND === 'sales';
  const events: { key: string; event: object }[] = sales
    ? new SaleSource(Date.now() - 3600_000).next(total).map((e) => ({ key: e.orderId, event: e }))
    : new QuoteSource(1000, total, Date.now()).next(total).map((e) => ({ key: e.symbol, event: e }));
  const batches: Message[][] = [[]];
  let bytes = 0;
  let json = 0;
  for (const { key, event } of events) {
    const value = JSON.stringify(event); // strings: kafkajs' cheapest path, as our sink uses
    json += Buffer.byteLength(value);
    const size = Buffer.byteLength(value) + key.length + 24;
    if (batches.at(-1)!.length >= maxCount || bytes + size > maxBytes) {
      batches.push([]);
      bytes = 0;
    }
    batches.at(-1)!.push({ key, value });
    bytes += size;
  }
  registerKafkaCodecs();
  const kafka = new Kafka({ clientId: 'bench-raw-produce', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = (messages: Message[]) => producer.send({ topic, messages, acks: -1, compression: COMPRESSION_TYPES[compression] });
  await send(batches[0]!.slice(0, 100)); // metadata and connection before timing
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const b of batches) await send(b);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  await producer.disconnect();
  // Bytes on the wire, approximately: each batch's values compressed together (record framing left out).
  let wire = 0;
  for (const b of batches) wire += (await codecs[compression](Buffer.from(b.map((m) => m.value as string).join('')))).length;
  process.stdout.write(`${JSON.stringify({ events: total, seconds, cpuUsPerEvent: (user + system) / total, jsonBytesPerEvent: json / total, wireBytesPerEvent: wire / total })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
