import type { Kafka } from 'kafkajs';
import type { Logger } from '../logger.js';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Topic-level configs, e.g. { 'cleanup.policy': 'compact' }. */
  configs?: Record<string, string>;
}

/**
 * Creates missing topics; existing ones are left as they are (a different partition count is
 * logged, because the key -> partition mapping and thus processor state depend on it).
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[], log: Logger, replicationFactor = -1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor, // -1: the broker's default.replication.factor
          configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      log.info({ topics: missing.map((s) => s.topic) }, 'created topics');
    }
    const present = specs.filter((s) => existing.has(s.topic));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
      for (const t of meta.topics) {
        const want = present.find((s) => s.topic === t.name)?.numPartitions;
        if (want !== undefined && t.partitions.length !== want) {
          log.warn({ topic: t.name, partitions: t.partitions.length, configured: want }, 'topic exists with another partition count; keeping it');
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
}
