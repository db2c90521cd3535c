import { describe, expect, it } from 'vitest';
import { PartitionTask, type TaskContext } from '../../../src/pipeline/partition-task.js';
import { PipelineStats } from '../../../src/pipeline/stats.js';
import { IllegalTransition, TRANSITIONS, type TaskState } from '../../../src/pipeline/task-state.js';
import type { PartitionCheckpoint } from '../../../src/sinks/sink.js';
import { FakeInflux, FakeKafka, log, quoteHandler, quotes, TOPIC } from '../../support/fakes.js';

// One partition task, transition by transition, against in-memory InfluxDB and Kafka.
async function task(opts: { influx?: FakeInflux; kafka?: FakeKafka; cp?: PartitionCheckpoint } = {}) {
  const influx = opts.influx ?? new FakeInflux();
  const kafka = opts.kafka ?? new FakeKafka();
  const failed: PartitionTask[] = [];
  const ctx: TaskContext = { points: influx, lane: { batchLines: 50 }, stats: new PipelineStats(), log, now: Date.now, onFailed: (t) => void failed.push(t) };
  const t = new PartitionTask(TOPIC, 0, await kafka.open(TOPIC, 0), quoteHandler(), ctx);
  return { t, influx, kafka, failed, restored: opts.cp };
}

describe('PartitionTask transitions', () => {
  it('lists every state, and only closed has no way out', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(['closed', 'closing', 'committing', 'failed', 'restoring', 'running']);
    expect(Object.entries(TRANSITIONS).filter(([, to]) => to.length === 0).map(([s]) => s)).toEqual(['closed']);
  });

  it('restoring -> running: from the checkpoint marker, or offset 0 without one', async () => {
    const { t } = await task();
    expect(t.state).toBe('restoring');
    t.restore({ marker: 7n, entities: new Map() });
    expect([t.state, t.marker, t.next]).toEqual(['running', 7n, 7n]);
    const fresh = (await task()).t;
    fresh.restore(undefined);
    expect([fresh.state, fresh.next]).toEqual(['running', 0n]);
  });

  it('restoring: handling, committing or restoring again is illegal and throws', async () => {
    const { t } = await task();
    expect(() => t.handle(quotes(1))).toThrow(IllegalTransition);
    expect(() => t.prepareCommit()).toThrow(/prepareCommit is not allowed while restoring/);
    t.restore(undefined);
    expect(() => t.restore(undefined)).toThrow(/restore is not allowed while running \(running -> running\)/);
  });

  it('running -> committing -> running: the prepared offset, dead letters and checkpoint commit together', async () => {
    const { t, kafka } = await task();
    t.restore(undefined);
    t.handle(quotes(6, [2]));
    const prepared = t.prepareCommit();
    expect(t.state).toBe('committing');
    expect(prepared).toMatchObject({ next: 6n, rejected: [{ reason: 'not_json' }] });
    t.handle(quotes(8).slice(6)); // handling goes on while the commit waits
    expect(() => t.prepareCommit()).toThrow(IllegalTransition);
    await t.commit(prepared as NonNullable<typeof prepared>);
    expect([t.state, t.marker, t.next]).toEqual(['running', 6n, 8n]);
    expect(kafka.commits).toEqual([expect.objectContaining({ nextOffset: '6', deadLetters: 1 })]);
  });

  it('running: nothing handled since the last commit prepares nothing and stays running', async () => {
    const { t } = await task();
    t.restore(undefined);
    t.handle(quotes(3));
    await t.commitNow();
    expect(t.prepareCommit()).toBeUndefined();
    expect(t.state).toBe('running');
  });

  it("after a restore the first commit re-commits the checkpoint's offset, though nothing new was handled (rebalance race)", async () => {
    const kafka = new FakeKafka();
    const { t } = await task({ kafka });
    t.restore({ marker: 24n, entities: new Map() });
    t.handle(quotes(24)); // a redelivery: all below the marker
    await t.commitNow();
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('24');
    await t.commitNow(); // now it is this owner's: no empty transaction
    expect(kafka.commits).toHaveLength(1);
  });

  it('committing -> failed when the transaction fails (fenced): the owner is told and nothing is committed', async () => {
    const kafka = new FakeKafka();
    const { t, failed } = await task({ kafka });
    t.restore(undefined);
    t.handle(quotes(4));
    await kafka.open(TOPIC, 0); // a new owner fences this one
    await t.commitNow();
    expect([t.state, t.failed?.message]).toEqual(['failed', 'producer fenced']);
    expect(failed).toEqual([t]);
    expect(kafka.commits).toEqual([]);
    await t.commitNow(); // a failed task commits nothing more; it waits for its reset
    expect(() => t.handle(quotes(5))).toThrow(IllegalTransition);
  });

  it('running -> failed when its lane failed (InfluxDB write): the commit cycle commits nothing', async () => {
    const influx = new FakeInflux();
    influx.failWrites = 1;
    const { t, kafka } = await task({ influx });
    t.restore(undefined);
    t.handle(quotes(3));
    await new Promise((r) => setTimeout(r, 5));
    expect(t.failed?.message).toBe('InfluxDB unreachable');
    await t.commitNow();
    expect(t.state).toBe('failed');
    expect(kafka.commits).toEqual([]);
  });

  it('closeClean: commits what was handled, then closing -> closed; closing twice is the same close', async () => {
    const { t, kafka } = await task();
    t.restore(undefined);
    t.handle(quotes(5));
    const closing = t.closeClean();
    expect(t.closeClean()).toBe(t.closeClean());
    await closing;
    expect(t.state).toBe('closed');
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('5');
    expect(() => t.prepareCommit()).toThrow(/while closed/);
    expect(() => t.handle(quotes(1))).toThrow(IllegalTransition);
  });

  it('closeDirty waits for the commit in flight, commits nothing more, and closes the lane', async () => {
    const influx = new FakeInflux();
    let release = () => {};
    influx.gate = new Promise<void>((r) => (release = r));
    const { t, kafka } = await task({ influx });
    t.restore(undefined);
    t.handle(quotes(3));
    const commit = t.commitNow();
    t.handle(quotes(6).slice(3));
    const closed = t.closeDirty();
    expect(t.state).toBe('committing'); // not closing until the commit ends
    release();
    await Promise.all([commit, closed]);
    expect(t.state).toBe('closed');
    expect(kafka.commits.map((c) => c.nextOffset)).toEqual(['3']);
    expect(t.lane.failed?.message).toBe('point lane closed');
  });

  it('failed -> closing -> closed (a reset drops the failed task)', async () => {
    const kafka = new FakeKafka();
    const { t } = await task({ kafka });
    t.restore(undefined);
    t.handle(quotes(2));
    await kafka.open(TOPIC, 0);
    await t.commitNow();
    await t.closeDirty();
    expect(t.state).toBe('closed');
  });

  it.each([
    ['restoring', 'committing'],
    ['committing', 'closing'],
    ['failed', 'running'],
    ['closed', 'running'],
  ] as [TaskState, TaskState][])('%s -> %s is not in the table', (from, to) => {
    expect(TRANSITIONS[from]).not.toContain(to);
  });
});
