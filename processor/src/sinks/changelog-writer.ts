import type { Producer } from 'kafkajs';
import type { EntityStates } from '../core/handler.js';

export const MARKER = '__marker';

export const changelogKey = (topic: string, partition: number, entity: string): string => `${topic}|${partition}|${entity}`;

/**
 * Checkpoints a partition: the changed entities plus a marker holding the next source offset.
 * All go to partition 0 of the compacted state topic in ONE send, so they form one record
 * batch, which the broker appends atomically: a checkpoint is there whole or not at all.
 */
export class ChangelogWriter {
  constructor(
    private readonly producer: Producer,
    private readonly stateTopic: string,
  ) {}

  async checkpoint(topic: string, partition: number, states: EntityStates, nextOffset: string): Promise<void> {
    const messages = [...states].map(([entity, state]) => ({
      key: changelogKey(topic, partition, entity),
      value: state === null || state === undefined ? null : JSON.stringify(state),
      partition: 0,
    }));
    messages.push({ key: changelogKey(topic, partition, MARKER), value: JSON.stringify({ offset: nextOffset }), partition: 0 });
    await this.producer.send({ topic: this.stateTopic, acks: -1, messages });
  }
}
