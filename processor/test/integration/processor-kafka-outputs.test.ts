import { createLogger } from '@tickflow/common';
import { dlqTopic } from '@tickflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChangelog } from '../../src/changelog.js';
import { checkpointRecords } from '../../src/changelog.js';
import type { Rejection } from '../../src/core/handler.js';
import { openKafkaOutputs, type KafkaOutputsOptions } from '../../src/sinks/kafka-outputs.js';
import type { PartitionOutputs } from '../../src/sinks/sink.js';
import { uniqueName } from '../../../test/support/env.js';
import { readAll, testKafka, withAdmin } from '../../../test/support/kafka.js';

// Never stuck on size: a burst of dead letters and a checkpoint of many entities, each far
// above the broker's ~1 MB record-batch limit in total, commit in one transaction with the
// consumer offset. Topics keep the broker's default max.message.bytes.
const source = uniqueName('src');
const state = uniqueName('state');
const groupId = uniqueName('g-out');
const log = createLogger('test', 'silent');
const kafka = testKafka();
const options: KafkaOutputsOptions = { groupId, stateTopic: state, maxSendBytes: 512 * 1024, maxDeadLetterOriginalBytes: 256 * 1024, transactionTimeoutMs: 10_000 };
const opened: PartitionOutputs[] = [];

const open = async (): Promise<PartitionOutputs> => {
  const o = await openKafkaOutputs(kafka, source, 0, options);
  opened.push(o);
  return o;
};
const entityState = (i: number, v: number): unknown => ({ ring: new Float64Array(16).fill(v + i), lastTs: 1_700_000_000_000 + i, note: `entity ${i}` });

beforeAll(async () => {
  await withAdmin((a) =>
    a.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: source, numPartitions: 1 },
        { topic: dlqTopic(source), numPartitions: 1 },
        { topic: state, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    }),
  );
});

afterAll(async () => {
  await Promise.all(opened.map((o) => o.close().catch(() => {})));
});

describe('Kafka outputs of a partition (transactions)', () => {
  it('commits 20,000 large dead letters, a 50,000-entity checkpoint and the offset together', async () => {
    const out = await open();
    const payload = 'x'.repeat(1500);
    const rejected: Rejection[] = Array.from({ length: 20_000 }, (_, i) => ({
      record: { value: Buffer.from(`{"late":${i},"pad":"${payload}"}`), offset: String(i), timestamp: 0 },
      reason: 'late',
      error: `row ${i} is late`,
    }));
    const states = new Map(Array.from({ length: 50_000 }, (_, i) => [`e${i}`, entityState(i, 1)] as const));
    const records = checkpointRecords(source, 0, states, '20000');
    expect(records.reduce((n, r) => n + (r.value?.length ?? 0), 0)).toBeGreaterThan(5 * 1024 * 1024);

    const txn = await out.begin();
    await txn.deadLetters.write(rejected);
    await txn.checkpoint.write(records);
    await txn.commit('20000');

    const dlq = await readAll(dlqTopic(source), 20_000, 120_000);
    expect(dlq).toHaveLength(20_000);
    expect(new Set(dlq.map((m) => m.key)).size).toBe(20_000);
    const restored = (await readChangelog(kafka, state, new Set([`${source}|0`]), log)).get(`${source}|0`);
    expect(restored?.marker).toBe(20_000n);
    expect(restored?.entities.size).toBe(50_000);
    expect(restored?.entities.get('e49999')).toEqual(entityState(49_999, 1));
    const offsets = await withAdmin((a) => a.fetchOffsets({ groupId, topics: [source] }));
    expect(offsets[0]?.partitions[0]?.offset).toBe('20000');
  }, 300_000);

  it('an aborted checkpoint leaves nothing behind: the reader sees the last committed one', async () => {
    const out = await open();
    const txn = await out.begin();
    await txn.checkpoint.write(checkpointRecords(source, 0, new Map([['e1', entityState(1, 99)]]), '99999'));
    await txn.abort();
    const restored = (await readChangelog(kafka, state, new Set([`${source}|0`]), log)).get(`${source}|0`);
    expect(restored?.marker).toBe(20_000n);
    expect(restored?.entities.get('e1')).toEqual(entityState(1, 1));
  }, 120_000);

  it('a new owner fences the old one: the zombie commit fails and changes nothing', async () => {
    const zombie = await open();
    const txn = await zombie.begin();
    await txn.checkpoint.write(checkpointRecords(source, 0, new Map([['e2', entityState(2, 7)]]), '88888'));
    await open(); // the partition's next owner
    await expect(txn.commit('88888')).rejects.toThrow();
    const restored = (await readChangelog(kafka, state, new Set([`${source}|0`]), log)).get(`${source}|0`);
    expect(restored?.marker).toBe(20_000n);
    expect(restored?.entities.get('e2')).toEqual(entityState(2, 1));
  }, 120_000);
});
