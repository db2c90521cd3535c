import { createLogger } from '@tickflow/common';
import { CompressionTypes, type Producer } from 'kafkajs';
import { KafkaSink } from '../../producer/src/sinks/kafka-sink.js';
import { benchKafka } from './kafka.js';

const log = createLogger('bench', 'warn');

export interface BenchSink {
  sink: KafkaSink;
  producer: Producer;
  close(): Promise<void>;
}

/** The real producer path: KafkaSink on an idempotent, acks=all, gzip kafkajs producer (as producer/src/main.ts wires it). */
export async function openSink(topics: { quotes?: string; sales?: string }): Promise<BenchSink> {
  const producer = benchKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sink = new KafkaSink(producer, { quotes: topics.quotes ?? 'unused', sales: topics.sales ?? 'unused', metrics: 'unused' }, log);
  return { sink, producer, close: () => producer.disconnect() };
}

/** Sends `total` events from `next` in batches of `batch`, awaiting each send. */
export async function preload<E>(send: (events: E[]) => Promise<void>, next: (n: number) => E[], total: number, batch = 1000): Promise<number> {
  const started = performance.now();
  for (let sent = 0; sent < total; ) {
    const n = Math.min(batch, total - sent);
    await send(next(n));
    sent += n;
  }
  return (performance.now() - started) / 1000;
}

/** Raw kafkajs send across topics in one request (`sendBatch`), to compare with one topic per send. */
export async function sendBatchAcross(producer: Producer, perTopic: { topic: string; events: { key: string; event: object }[] }[]): Promise<void> {
  await producer.sendBatch({
    acks: -1,
    compression: CompressionTypes.GZIP,
    topicMessages: perTopic.map((t) => ({ topic: t.topic, messages: t.events.map((e) => ({ key: e.key, value: JSON.stringify(e.event) })) })),
  });
}
