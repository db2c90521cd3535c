import type { DeadLetter, MetricsEvent, QuoteEvent, SaleEvent } from '@tickflow/contracts';
import type { EventSink, SinkStats } from '../../src/sinks/kafka-sink.js';

/** EventSink into arrays, for unit tests of commands and sources (no Kafka). */
export class MemorySink implements EventSink {
  readonly stats: SinkStats = { quotes: 0, sales: 0, deadLetters: 0, bytes: 0 };
  readonly connected = true;
  readonly quoteEvents: QuoteEvent[] = [];
  readonly saleEvents: SaleEvent[] = [];
  /** Dead letters with the source topic they were sent for. */
  readonly deadLetters: { topic: string; record: DeadLetter }[] = [];
  readonly metricsEvents: MetricsEvent[] = [];
  /** Sizes of the quotes()/sales() calls, to check batching. */
  readonly sends: number[] = [];

  async quotes(events: readonly QuoteEvent[]): Promise<void> {
    this.quoteEvents.push(...events);
    this.stats.quotes += events.length;
    this.sends.push(events.length);
  }

  async sales(events: readonly SaleEvent[]): Promise<void> {
    this.saleEvents.push(...events);
    this.stats.sales += events.length;
    this.sends.push(events.length);
  }

  async deadLetter(topic: string, records: readonly DeadLetter[]): Promise<void> {
    for (const record of records) this.deadLetters.push({ topic, record });
    this.stats.deadLetters += records.length;
  }

  async metrics(event: MetricsEvent): Promise<void> {
    this.metricsEvents.push(event);
  }
}
