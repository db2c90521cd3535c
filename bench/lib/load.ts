import type { QuoteEvent, SaleEvent } from '@tickflow/contracts';
import { createLogger, registerKafkaCodecs } from '@tickflow/common';
import type { Producer } from 'kafkajs';
import type { Compression } from '../../producer/src/sinks/compression.js';
import { KafkaSink } from '../../producer/src/sinks/kafka-sink.js';
import { benchKafka } from './kafka.js';

const log = createLogger('bench', 'warn');

export interface BenchSink {
  sink: KafkaSink;
  producer: Producer;
  /** One send of these events through the sink (callers keep batches under ~1 MB). */
  quotes(events: readonly QuoteEvent[]): Promise<void>;
  sales(events: readonly SaleEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** The real producer path: KafkaSink on an idempotent, acks=all kafkajs producer, zstd by default (as producer/src/main.ts wires it). */
export async function openSink(topics: { quotes?: string; sales?: string }, compression: Compression = 'zstd'): Promise<BenchSink> {
  registerKafkaCodecs();
  const producer = benchKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sink = new KafkaSink(producer, { topics: { quotes: topics.quotes ?? 'unused', sales: topics.sales ?? 'unused', metrics: 'unused' }, compression: { quotes: compression, sales: compression } }, log);
  return {
    sink,
    producer,
    quotes: (events) => sink.send(events.map((event) => sink.encode({ kind: 'quote', event }))),
    sales: (events) => sink.send(events.map((event) => sink.encode({ kind: 'sale', event }))),
    close: () => producer.disconnect(),
  };
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
