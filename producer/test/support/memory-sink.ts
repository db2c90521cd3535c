import type { DeadLetter, QuoteEvent, SaleEvent } from '@tickflow/contracts';
import type { Emitter } from '../../src/pump/push-source.js';
import type { OutRecord, Sink } from '../../src/pump/sink.js';
import type { SourceItem } from '../../src/pump/source.js';
import type { SinkStats } from '../../src/sinks/kafka-sink.js';

interface MemoryRecord extends OutRecord {
  item: SourceItem;
}

/**
 * In-memory stand-in for Kafka, for unit tests: a pump Sink (batches in order) and an Emitter
 * (what push-style sources call). Every event lands in arrays to assert on.
 */
export class MemorySink implements Sink, Emitter {
  readonly stats: SinkStats = { quotes: 0, sales: 0, deadLetters: 0, bytes: 0 };
  readonly quoteEvents: QuoteEvent[] = [];
  readonly saleEvents: SaleEvent[] = [];
  /** Dead letters with the source topic they were sent for. */
  readonly deadLetters: { topic: string; record: DeadLetter }[] = [];
  /** Quotes + sales per send()/quotes()/sales() call, to check batching. */
  readonly sends: number[] = [];
  /** Every batch the pump sent, as encoded. */
  readonly batches: OutRecord[][] = [];

  encode(item: SourceItem): OutRecord {
    const [topic, key, body] =
      item.kind === 'quote' ? ['quotes', item.event.symbol, item.event] : item.kind === 'sale' ? ['sales', item.event.orderId, item.event] : [`${item.topic}.dlq`, null, item.deadLetter];
    const record: MemoryRecord = { topic, key, value: JSON.stringify(body), item };
    return record;
  }

  async send(records: readonly OutRecord[]): Promise<void> {
    this.batches.push([...records]);
    let events = 0;
    for (const r of records as readonly MemoryRecord[]) {
      const { item } = r;
      this.stats.bytes += Buffer.byteLength(r.value);
      if (item.kind === 'quote') this.push([item.event], []);
      else if (item.kind === 'sale') this.push([], [item.event]);
      else this.dead(item.topic, [item.deadLetter]);
      if (item.kind !== 'reject') events++;
    }
    if (events > 0) this.sends.push(events);
  }

  async quotes(events: readonly QuoteEvent[]): Promise<void> {
    this.push(events, []);
    this.sends.push(events.length);
  }

  async sales(events: readonly SaleEvent[]): Promise<void> {
    this.push([], events);
    this.sends.push(events.length);
  }

  async deadLetter(topic: string, records: readonly DeadLetter[]): Promise<void> {
    this.dead(topic, records);
  }

  private dead(topic: string, records: readonly DeadLetter[]): void {
    for (const record of records) this.deadLetters.push({ topic, record });
    this.stats.deadLetters += records.length;
  }

  private push(quotes: readonly QuoteEvent[], sales: readonly SaleEvent[]): void {
    this.quoteEvents.push(...quotes);
    this.saleEvents.push(...sales);
    this.stats.quotes += quotes.length;
    this.stats.sales += sales.length;
  }
}
