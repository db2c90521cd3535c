import type { Logger } from '@tickflow/common';
import type { Kafka } from 'kafkajs';
import type { EntityStates } from '../core/handler.js';
import { MARKER } from '../sinks/changelog-writer.js';

export interface PartitionCheckpoint {
  /** Next source offset not yet covered by the checkpoint. */
  marker: bigint;
  entities: EntityStates;
}

/**
 * Reads the whole compacted state topic (latest value per key wins) and returns checkpoints
 * of the wanted source partitions, keyed `topic|partition`.
 */
export async function readChangelog(kafka: Kafka, stateTopic: string, wanted: Set<string>, log: Logger): Promise<Map<string, PartitionCheckpoint>> {
  const result = new Map<string, PartitionCheckpoint>();
  const admin = kafka.admin();
  await admin.connect();
  const end = BigInt((await admin.fetchTopicOffsets(stateTopic).finally(() => admin.disconnect()))[0]?.high ?? '0');
  if (end === 0n || wanted.size === 0) return result;

  const started = Date.now();
  const consumer = kafka.consumer({ groupId: `${stateTopic}.restore.${process.pid}.${Date.now()}` });
  let records = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: stateTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              records++;
              apply(result, wanted, m.key?.toString() ?? '', m.value);
              if (BigInt(m.offset) + 1n >= end) resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  log.info({ stateTopic, records, partitions: result.size, ms: Date.now() - started }, 'restored state from changelog');
  return result;
}

function apply(result: Map<string, PartitionCheckpoint>, wanted: Set<string>, key: string, value: Buffer | null): void {
  const a = key.indexOf('|');
  const b = key.indexOf('|', a + 1);
  const part = key.slice(0, b);
  if (a < 0 || b < 0 || !wanted.has(part)) return;
  const entity = key.slice(b + 1);
  let cp = result.get(part);
  if (!cp) result.set(part, (cp = { marker: 0n, entities: new Map() }));
  if (entity === MARKER) {
    cp.marker = value ? BigInt((JSON.parse(value.toString()) as { offset: string }).offset) : 0n;
  } else {
    cp.entities.set(entity, value ? JSON.parse(value.toString()) : null);
  }
}
