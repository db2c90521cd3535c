import type { SourceItem } from './source.js';

/** One record as it goes on the wire: the sink decides topic, key and bytes. */
export interface OutRecord {
  topic: string;
  key: string | null;
  /** JSON text: kafkajs writes a string straight into its request buffer (no Buffer per record). */
  value: string;
  headers?: Record<string, string>;
}

/**
 * Where the pump puts batches. `encode` is called once per item as it joins a batch (so the
 * batch is bounded by real bytes); `send` gets each batch in order, never two at once, and
 * resolves only when the batch is durable (acks=all for Kafka).
 */
export interface Sink {
  encode(item: SourceItem): OutRecord;
  send(records: readonly OutRecord[]): Promise<void>;
}
