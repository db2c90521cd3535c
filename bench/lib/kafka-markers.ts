import { benchKafka } from './kafka.js';
import { MARKER_SYMBOL } from './markers.js';
import { uniqueName } from './services.js';

export interface KafkaMarkerWatch {
  /** Marker event ts -> when this consumer got it (epoch ms). */
  readonly seen: Map<number, number>;
  stop(): Promise<void>;
}

/**
 * A bare kafkajs consumer on `topic` (fetch as soon as 1 byte is there, 10 ms max wait) that
 * notes when each marker quote became consumable: produce -> Kafka, apart from the processor.
 */
export async function watchKafkaMarkers(topic: string): Promise<KafkaMarkerWatch> {
  const seen = new Map<number, number>();
  const consumer = benchKafka().consumer({ groupId: uniqueName('g-lat-watch'), minBytes: 1, maxWaitTimeInMs: 10 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    autoCommit: false, // kafkajs would otherwise commit after every batch: a broker round trip each, load the measurement adds
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      for (const m of batch.messages) {
        if (m.key?.toString() !== MARKER_SYMBOL || !m.value) continue;
        const { ts } = JSON.parse(m.value.toString()) as { ts: number };
        seen.set(ts, at);
      }
    },
  });
  const until = Date.now() + 30_000;
  while (!joined) {
    if (Date.now() > until) {
      await consumer.disconnect();
      throw new Error(`marker watcher did not join its group on ${topic} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { seen, stop: () => consumer.disconnect() };
}
