import { dlqTopic, makeDeadLetter, RECORD_OVERHEAD_BYTES } from '@tickflow/contracts';
import type { Kafka, Message, Transaction as KafkaTransaction } from 'kafkajs';
import type { Rejection } from '../core/handler.js';
import { chunkByBytes } from './byte-chunks.js';
import type { ChangelogRecord, PartitionOutputs, Refusal, Sink, Transaction } from './sink.js';

export interface KafkaOutputsOptions {
  groupId: string;
  stateTopic: string;
  /** Largest send, bytes. */
  maxSendBytes: number;
  /** Dead-letter originals above this are truncated, bytes. */
  maxDeadLetterOriginalBytes: number;
  transactionTimeoutMs: number;
}

const size = (m: Message): number =>
  RECORD_OVERHEAD_BYTES + (m.key?.length ?? 0) + (m.value?.length ?? 0) + (m.headers ? JSON.stringify(m.headers).length : 0);

/**
 * The Kafka outputs of one source partition: a transactional producer whose id is the
 * partition's (`group|topic|partition`), so a new owner's open fences the old one, Kafka
 * Streams' way. Dead letters, the checkpoint and the consumer offset commit together.
 */
export async function openKafkaOutputs(kafka: Kafka, topic: string, partition: number, o: KafkaOutputsOptions): Promise<PartitionOutputs> {
  const producer = kafka.producer({
    transactionalId: `${o.groupId}|${topic}|${partition}`,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: o.transactionTimeoutMs,
  });
  await producer.connect();
  try {
    await (await producer.transaction()).abort(); // InitProducerId: fences the previous owner
  } catch (err) {
    await producer.disconnect().catch(() => {});
    throw err;
  }
  return {
    begin: async () => transaction(await producer.transaction(), topic, partition, o),
    close: () => producer.disconnect(),
  };
}

function transaction(txn: KafkaTransaction, topic: string, partition: number, o: KafkaOutputsOptions): Transaction {
  const sendAll = async (target: string, messages: Message[]): Promise<void> => {
    for (const chunk of chunkByBytes(messages, size, o.maxSendBytes)) await txn.send({ topic: target, acks: -1, messages: chunk });
  };
  const deadLetters: Sink<Rejection> = {
    async write(rejected) {
      const at = Date.now();
      const messages = rejected.map((r): Message => {
        const dl = makeDeadLetter(r.reason, errorText(r, o.maxDeadLetterOriginalBytes), original(r, o.maxDeadLetterOriginalBytes), { topic, partition, offset: r.record.offset }, at);
        return { key: `${topic}:${partition}:${r.record.offset}`, value: JSON.stringify(dl), headers: { reason: r.reason } };
      });
      if (messages.length > 0) await sendAll(dlqTopic(topic), messages);
      return [] as Refusal<Rejection>[];
    },
  };
  const checkpoint: Sink<ChangelogRecord> = {
    async write(records) {
      await sendAll(o.stateTopic, records.map((r) => ({ key: r.key, value: r.value, partition: 0 })));
      return [];
    },
  };
  return {
    deadLetters,
    checkpoint,
    async commit(nextOffset) {
      await txn.sendOffsets({ consumerGroupId: o.groupId, topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] });
      await txn.commit();
    },
    abort: () => txn.abort(),
  };
}

const original = (r: Rejection, max: number): Buffer => {
  const v = r.record.value ?? Buffer.alloc(0);
  return v.length > max ? v.subarray(0, max) : v;
};

const errorText = (r: Rejection, max: number): string => {
  const n = r.record.value?.length ?? 0;
  return n > max ? `${r.error} (original truncated from ${n} to ${max} bytes)` : r.error;
};
