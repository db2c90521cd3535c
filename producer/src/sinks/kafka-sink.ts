import { dlqTopic, TickflowError, type MetricsEvent } from '@tickflow/contracts';
import { isRetriable, type Logger } from '@tickflow/common';
import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import type { OutRecord, Sink } from '../pump/sink.js';
import type { SourceItem } from '../pump/source.js';
import { COMPRESSION_TYPES, type Compression } from './compression.js';

export interface SinkStats {
  quotes: number;
  sales: number;
  deadLetters: number;
  /** JSON value bytes acknowledged. */
  bytes: number;
}

export interface KafkaSinkTopics {
  quotes: string;
  sales: string;
  metrics: string;
}

export interface KafkaSinkOptions {
  topics: KafkaSinkTopics;
  /** Codec per topic kind; dead letters are few and always gzip. */
  compression: { quotes: Compression; sales: Compression };
}

/**
 * The producer's one Kafka sink: quotes keyed by symbol, sales by order id (so each key stays
 * ordered in one partition under the default murmur2 partitioner), dead letters to
 * `<topic>.dlq`; acks=all on an idempotent producer, codec chosen per topic.
 */
export class KafkaSink implements Sink {
  readonly stats: SinkStats = { quotes: 0, sales: 0, deadLetters: 0, bytes: 0 };
  private ready: Promise<void> | undefined;
  private isConnected = false;
  private readonly codec: Map<string, CompressionTypes>;

  /**
   * `connect` runs on the first send, not before: a command validates its flags first, so a
   * bad flag is reported at once even when Kafka is unreachable.
   */
  constructor(
    private readonly producer: Producer,
    private readonly opts: KafkaSinkOptions,
    private readonly log: Logger,
    private readonly connect: () => Promise<void> = async () => undefined,
  ) {
    const { topics, compression } = opts;
    this.codec = new Map([
      [topics.quotes, COMPRESSION_TYPES[compression.quotes]],
      [topics.sales, COMPRESSION_TYPES[compression.sales]],
    ]);
  }

  /** Connected: a connect attempt that failed (Kafka unreachable) leaves nothing to publish or close. */
  get connected(): boolean {
    return this.isConnected;
  }

  encode(item: SourceItem): OutRecord {
    const t = this.opts.topics;
    if (item.kind === 'quote') return { topic: t.quotes, key: item.event.symbol, value: JSON.stringify(item.event) };
    if (item.kind === 'sale') return { topic: t.sales, key: item.event.orderId, value: JSON.stringify(item.event) };
    return { topic: dlqTopic(item.topic), key: null, value: JSON.stringify(item.deadLetter), headers: { reason: item.deadLetter.reason } };
  }

  /** One request per topic in the batch (usually one), in batch order. */
  async send(records: readonly OutRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.ready ??= this.connect().then(() => void (this.isConnected = true));
    await this.ready;
    for (const [topic, messages] of byTopic(records)) {
      const compression = this.codec.get(topic) ?? CompressionTypes.GZIP;
      try {
        await this.producer.send({ topic, messages, acks: -1, compression });
      } catch (err) {
        // kafkajs has already retried what it could; say whether a restart may help.
        throw new TickflowError(`Kafka send to ${topic} failed: ${(err as Error).message}`, 'kafka_send', isRetriable(err), { cause: err });
      }
      this.count(topic, messages);
    }
  }

  async metrics(event: MetricsEvent): Promise<void> {
    if (!this.connected) return; // nothing sent yet: don't connect just to say so
    await this.producer.send({ topic: this.opts.topics.metrics, messages: [{ key: event.instance, value: JSON.stringify(event) }], acks: -1 });
  }

  private count(topic: string, messages: Message[]): void {
    let bytes = 0;
    for (const m of messages) bytes += Buffer.byteLength(m.value as string);
    this.stats.bytes += bytes;
    if (topic === this.opts.topics.quotes) this.stats.quotes += messages.length;
    else if (topic === this.opts.topics.sales) this.stats.sales += messages.length;
    else {
      this.stats.deadLetters += messages.length;
      this.log.warn({ topic, count: messages.length, first: String(messages[0]?.headers?.reason ?? '') }, 'dead-lettered input');
    }
  }
}

function byTopic(records: readonly OutRecord[]): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  for (const r of records) {
    let list = out.get(r.topic);
    if (!list) out.set(r.topic, (list = []));
    list.push(r); // an OutRecord is a kafkajs Message (its extra `topic` is ignored): no copy per record
  }
  return out;
}
