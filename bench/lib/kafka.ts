import { registerKafkaCodecs } from '@tickflow/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';

let kafka: Kafka | undefined;
let admin: Admin | undefined;
const created = new Set<string>();

export function benchKafka(): Kafka {
  registerKafkaCodecs();
  kafka ??= new Kafka({ clientId: 'tickflow-bench', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
  return kafka;
}

/** One admin connection for the whole run: polling offsets must not cost a connect each time. */
export async function benchAdmin(): Promise<Admin> {
  if (!admin) {
    admin = benchKafka().admin();
    await admin.connect();
  }
  return admin;
}

export async function createTopic(topic: string, numPartitions: number): Promise<void> {
  const a = await benchAdmin();
  await a.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  created.add(topic);
}

/** Remembers topics the processor creates for a run (state, DLQ, metrics) so cleanup drops them. */
export function trackTopics(...topics: string[]): void {
  for (const t of topics) created.add(t);
}

export interface Progress {
  committed: number;
  end: number;
  lag: number;
}

/** Sum of end offsets over topics (the backlog size when the topics started empty). */
export async function endOffsets(topics: string[]): Promise<number> {
  const a = await benchAdmin();
  let end = 0;
  for (const t of topics) for (const p of await a.fetchTopicOffsets(t)) end += Number(p.high);
  return end;
}

/** Committed offsets of a group vs the end offsets: lag 0 = caught up. */
export async function groupProgress(groupId: string, topics: string[]): Promise<Progress> {
  const a = await benchAdmin();
  let committed = 0;
  let end = 0;
  const offsets = await a.fetchOffsets({ groupId, topics });
  for (const t of offsets) {
    const ends = await a.fetchTopicOffsets(t.topic);
    for (const p of ends) end += Number(p.high);
    for (const p of t.partitions) committed += Math.max(0, Number(p.offset));
  }
  return { committed, end, lag: end - committed };
}

/** Deletes every topic this run created; best effort (the shared broker must not fill up). */
export async function cleanupKafka(): Promise<void> {
  if (!admin) return;
  const existing = new Set(await admin.listTopics().catch(() => [] as string[]));
  const topics = [...created].filter((t) => existing.has(t));
  for (let i = 0; i < topics.length; i += 50) {
    await admin.deleteTopics({ topics: topics.slice(i, i + 50), timeout: 30_000 }).catch(() => undefined);
  }
  await admin.disconnect().catch(() => undefined);
  admin = undefined;
}
