import type { QuoteEvent, SaleEvent } from '@tickflow/contracts';
import { QuoteSource, SaleSource } from '../lib/events.js';
import { createTopic } from '../lib/kafka.js';
import { openSink } from '../lib/load.js';
import { uniqueName } from '../lib/services.js';
import type { Results } from '../report.js';
import type { BenchOptions } from './options.js';

const TARGET = 100_000;

async function timedSends<E>(send: (e: E[]) => Promise<void>, events: E[], batch: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < events.length; i += batch) await send(events.slice(i, i + batch));
  return events.length / ((performance.now() - started) / 1000);
}

/**
 * 1. Producer throughput through the real KafkaSink (idempotent, acks=all, gzip), events
 * generated beforehand so only the sink and Kafka are timed.
 */
export async function benchProducer(opts: BenchOptions, results: Results): Promise<void> {
  const n = opts.quick ? 50_000 : 200_000;
  const quotes = uniqueName('prod-quotes');
  const sales = uniqueName('prod-sales');
  await createTopic(quotes, 6);
  await createTopic(sales, 6);
  const quoteEvents: QuoteEvent[] = new QuoteSource(1000, n, Date.now()).next(n);
  const saleEvents: SaleEvent[] = new SaleSource(Date.now() - 3600_000).next(n / 2);
  const s = await openSink({ quotes, sales });
  try {
    await timedSends((e) => s.sink.quotes(e), quoteEvents.slice(0, 5000), 1000); // warm-up: metadata, connections, JIT
    const bytesBefore = s.sink.stats.bytes;
    const q1000 = await timedSends((e) => s.sink.quotes(e), quoteEvents, 1000);
    const quoteBytes = (s.sink.stats.bytes - bytesBefore) / quoteEvents.length;
    const q5000 = await timedSends((e) => s.sink.quotes(e), quoteEvents, 5000);
    const b0 = s.sink.stats.bytes;
    const s1000 = await timedSends((e) => s.sink.sales(e), saleEvents, 1000);
    const saleBytes = (s.sink.stats.bytes - b0) / saleEvents.length;
    const met = q1000 >= TARGET;
    results.add({ section: 'producer', name: 'quotes, 1000/send, acks=all, gzip', value: q1000, unit: 'events/s', target: '>= 100,000', met });
    results.add({ section: 'producer', name: 'quotes, 5000/send', value: q5000, unit: 'events/s', target: '>= 100,000', met: q5000 >= TARGET });
    results.add({ section: 'producer', name: 'quote size (JSON value)', value: quoteBytes, unit: 'bytes/event' });
    results.add({ section: 'producer', name: 'sales, 1000/send', value: s1000, unit: 'events/s' });
    results.add({ section: 'producer', name: 'sale size (JSON value)', value: saleBytes, unit: 'bytes/event' });
  } finally {
    await s.close();
  }
}
