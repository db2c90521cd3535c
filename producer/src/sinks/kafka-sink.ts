import { dlqTopic, type DeadLetter, type MetricsEvent, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';
import { type Logger } from '@tickflow/common';
import { CompressionTypes, type Message, type Producer } from 'kafkajs';

export interface SinkStats {
  quotes: number;
  sales: number;
  deadLetters: number;
  bytes: number;
}

/** Where sources put events. Implemented by Kafka in production, by arrays in unit tests. */
export interface EventSink {
  quotes(events: readonly QuoteEvent[]): Promise<void>;
  sales(events: readonly SaleEvent[]): Promise<void>;
  /** `topic` is the source topic; the record goes to its `.dlq`. */
  deadLetter(topic: string, records: readonly DeadLetter[]): Promise<void>;
  /** Publishes health counters to `pipeline.metrics`. */
  metrics(event: MetricsEvent): Promise<void>;
  readonly stats: SinkStats;
  /** True once the first send connected; before that nothing has touched Kafka. */
  readonly connected: boolean;
}

/**
 * Kafka sink: quotes keyed by symbol, sales by order id (so a symbol's ticks stay ordered in
 * one partition), gzip-compressed, acks=all on an idempotent producer.
 */
export class KafkaSink implements EventSink {
  readonly stats: SinkStats = { quotes: 0, sales: 0, deadLetters: 0, bytes: 0 };
  private ready: Promise<void> | undefined;

  /**
   * `connect` runs on the first send, not before: a command validates its flags first, so a
   * bad flag is reported at once even when Kafka is unreachable.
   */
  constructor(
    private readonly producer: Producer,
    private readonly topics: { quotes: string; sales: string; metrics: string },
    private readonly log: Logger,
    private readonly connect: () => Promise<void> = async () => undefined,
  ) {}

  get connected(): boolean {
    return this.ready !== undefined;
  }

  async quotes(events: readonly QuoteEvent[]): Promise<void> {
    await this.send(this.topics.quotes, events.map((e) => this.message(e.symbol, e)));
    this.stats.quotes += events.length;
  }

  async sales(events: readonly SaleEvent[]): Promise<void> {
    await this.send(this.topics.sales, events.map((e) => this.message(e.orderId, e)));
    this.stats.sales += events.length;
  }

  async deadLetter(topic: string, records: readonly DeadLetter[]): Promise<void> {
    if (records.length === 0) return;
    await this.send(dlqTopic(topic), records.map((r) => ({ value: JSON.stringify(r), headers: { reason: r.reason } })));
    this.stats.deadLetters += records.length;
    this.log.warn({ topic: dlqTopic(topic), count: records.length, first: records[0]?.error }, 'dead-lettered input');
  }

  async metrics(event: MetricsEvent): Promise<void> {
    await this.send(this.topics.metrics, [{ key: event.instance, value: JSON.stringify(event) }]);
  }

  private message(key: string, event: object): Message {
    const value = JSON.stringify(event);
    this.stats.bytes += value.length;
    return { key, value };
  }

  private async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    this.ready ??= this.connect();
    await this.ready;
    await this.producer.send({ topic, messages, acks: -1, compression: CompressionTypes.GZIP });
  }
}
