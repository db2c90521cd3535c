import { dlqTopic, makeDeadLetter } from '@tickflow/contracts';
import { type Logger } from '@tickflow/common';
import type { Producer } from 'kafkajs';
import type { Rejection } from '../core/handler.js';

/**
 * Sends rejected records to `<topic>.dlq` with acks=all and waits: their offsets are
 * committed right after, so they must be durable first.
 */
export class DeadLetterProducer {
  /** `topic|reason` -> records dead-lettered by this instance. */
  readonly counts = new Map<string, number>();

  constructor(
    private readonly producer: Producer,
    private readonly log: Logger,
  ) {}

  async send(topic: string, partition: number, rejected: readonly Rejection[], now: number): Promise<void> {
    if (rejected.length === 0) return;
    const messages = rejected.map((r) => {
      const dl = makeDeadLetter(r.reason, r.error, r.record.value ?? Buffer.alloc(0), { topic, partition, offset: r.record.offset }, now);
      const key = `${topic}|${r.reason}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      return { key: `${topic}:${partition}:${r.record.offset}`, value: JSON.stringify(dl), headers: { reason: r.reason } };
    });
    await this.producer.send({ topic: dlqTopic(topic), acks: -1, messages });
    this.log.warn(
      { topic, partition, count: rejected.length, first: { offset: rejected[0]?.record.offset, reason: rejected[0]?.reason, error: rejected[0]?.error } },
      'dead-lettered records',
    );
  }
}
