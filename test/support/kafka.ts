import { registerKafkaCodecs } from '@tickflow/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { serviceEnv } from './env.js';

/** A client for the shared test broker, or for `brokers` (e.g. a private one). */
export function testKafka(brokers = serviceEnv().KAFKA_BROKERS): Kafka {
  registerKafkaCodecs(); // producer topics are zstd-compressed
  return new Kafka({ clientId: 'tickflow-tests', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>, brokers?: string): Promise<T> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopics(topics: { topic: string; numPartitions: number }[]): Promise<void> {
  await withAdmin((a) => a.createTopics({ topics, waitForLeaders: true }));
}

/** Total lag of a consumer group over the given topics: 0 means caught up. */
export async function groupLag(groupId: string, topics: string[], brokers?: string): Promise<number> {
  return withAdmin(async (admin) => {
    let lag = 0;
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const t of committed) {
      const ends = await admin.fetchTopicOffsets(t.topic);
      for (const p of t.partitions) {
        const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
        const at = Number(p.offset) < 0 ? 0 : Number(p.offset);
        lag += end - at;
      }
    }
    return lag;
  }, brokers);
}

/** Sum of the group's committed offsets over the topics: grows as the group makes progress. */
export async function groupCommitted(groupId: string, topics: string[]): Promise<number> {
  return withAdmin(async (admin) => {
    let sum = 0;
    for (const t of await admin.fetchOffsets({ groupId, topics })) {
      for (const p of t.partitions) sum += Math.max(0, Number(p.offset));
    }
    return sum;
  });
}

/** Reads every message currently in a topic (from the beginning), e.g. a dead-letter topic. */
export async function readAll(topic: string, expected: number, timeoutMs = 30_000): Promise<{ key: string | null; value: string; partition: number }[]> {
  const consumer = testKafka().consumer({ groupId: `reader-${topic}-${Date.now()}` });
  const out: { key: string | null; value: string; partition: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${out.length}/${expected} messages of ${topic} in ${timeoutMs} ms`)), timeoutMs);
    void consumer.run({
      eachMessage: async ({ message, partition }) => {
        out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', partition });
        if (out.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
    if (expected === 0) {
      clearTimeout(timer);
      resolve();
    }
  });
  await consumer.disconnect();
  return out;
}
