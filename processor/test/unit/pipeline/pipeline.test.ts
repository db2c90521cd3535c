import { sleep } from '@tickflow/common';
import { describe, expect, it, vi } from 'vitest';
import { metricsSnapshot } from '../../../src/pipeline/metrics-snapshot.js';
import { FakeInflux, FakeKafka, FakeSource, OPTIONS, T0, TOPIC, drive, pipeline, quotes, referenceRun, sales, salesHandler } from '../../support/fakes.js';

const ASSIGN = new Map([[TOPIC, [0]]]);
const sortedDls = (k: FakeKafka): string[] => k.deadLetters.map((d) => `${d.record.offset}:${d.reason}`).sort();

describe('Pipeline (in-memory sinks)', () => {
  it('writes points continuously, but commits offsets only on the commit cycle', async () => {
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const source = new FakeSource(quotes(30));
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    await drive(p, source, 10);
    await sleep(10); // lanes write at once (linger 0)
    expect(influx.has('quote,symbol=NVDA', T0 + 29_000)).toBe(true);
    expect(kafka.commits).toEqual([]); // no commit per batch
    await p.commitAll();
    expect(kafka.commits.map((c) => c.nextOffset)).toEqual(['30']);
    await p.commitAll(); // nothing new: no empty transaction
    expect(kafka.commits).toHaveLength(1);
  });

  it('commits an offset only after every point of the records below it is acknowledged', async () => {
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const records = quotes(40);
    kafka.onCommit = (c) => {
      for (let i = 0; i < Number(c.nextOffset); i++) {
        if (!influx.has(`quote,symbol=${['AAPL', 'MSFT', 'NVDA'][i % 3]}`, T0 + i * 1000)) throw new Error(`commit ${c.nextOffset} before point ${i}`);
      }
    };
    const source = new FakeSource(records);
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    let release!: () => void;
    influx.gate = new Promise((r) => (release = r)); // InfluxDB slow: writes pending at commit time
    const committing = drive(p, source, 6, async (n) => {
      if (n === 3) void p.commitAll();
    });
    await committing;
    const commit = p.commitAll();
    expect(kafka.commits).toEqual([]); // still waiting on the writes
    release();
    influx.gate = undefined;
    await commit;
    await p.close();
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('40');
    expect(kafka.commits.length).toBeGreaterThan(0);
  });

  it('a checkpoint holds the state as of its offset, though more records are handled while it waits for writes', async () => {
    const records = sales(80);
    const ref = await referenceRun(records, salesHandler);
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const head = new FakeSource(records.slice(0, 50));
    const a = pipeline(influx, kafka, [head], {}, salesHandler);
    a.onAssignment(ASSIGN);
    let release!: () => void;
    let commit: Promise<void> = Promise.resolve();
    await drive(a, head, 5, async (n) => {
      if (n === 2) influx.gate = new Promise((r) => (release = r)); // InfluxDB stalls
      if (n === 3) commit = a.commitAll(); // snapshot at offset 20, waits on the stalled writes
    });
    release();
    influx.gate = undefined;
    await commit;
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('20');
    // Crash: records 20..49 are replayed on top of the checkpoint by the next owner.
    const rest = new FakeSource(records);
    rest.position = 20;
    const b = pipeline(influx, kafka, [rest], {}, salesHandler);
    b.onAssignment(ASSIGN);
    await drive(b, rest, 5);
    await b.close();
    expect(influx.points).toEqual(ref.influx.points);
  });

  it('replays from the last checkpoint after a failed write: InfluxDB and state end as in an undisturbed run', async () => {
    const records = quotes(60);
    const ref = await referenceRun(records);
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const source = new FakeSource(records);
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    await drive(p, source, 7, async (n) => {
      if (n === 2) await p.commitAll();
      if (n === 4) influx.failWrites = 1; // the next write fails for good
      await sleep(1);
    });
    await p.close();
    expect(kafka.commits.length).toBeGreaterThanOrEqual(2);
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('60');
    expect(influx.points).toEqual(ref.influx.points); // candle trades would differ if a record counted twice
  });

  it('a checkpoint failure commits nothing of it and resumes from the previous checkpoint', async () => {
    const records = quotes(50, [5, 33]);
    const ref = await referenceRun(records);
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const source = new FakeSource(records);
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    await drive(p, source, 4, async (n) => {
      if (n === 3) await p.commitAll();
      if (n === 8) {
        kafka.failCommits = 1;
        await p.commitAll(); // fails: state already taken for it must not be lost
      }
    });
    await p.close();
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('50');
    expect(influx.points).toEqual(ref.influx.points);
    // Dead letters exactly once, though records 5..32 were handled twice.
    expect(sortedDls(kafka)).toEqual(['33:not_json', '5:not_json']);
    expect(sortedDls(kafka)).toEqual(sortedDls(ref.kafka));
  });

  it('on revocation mid-interval commits what was handled; the next owner continues without double counting', async () => {
    const records = quotes(45);
    const ref = await referenceRun(records);
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const first = new FakeSource(records.slice(0, 20)); // what arrived before the rebalance
    const a = pipeline(influx, kafka, [first]);
    a.onAssignment(ASSIGN);
    await drive(a, first, 6);
    a.onAssignment(new Map()); // partition moves away before any interval commit
    await a.close();
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('20');
    const source = new FakeSource(records);
    const b = pipeline(influx, kafka, [source]);
    b.onAssignment(ASSIGN);
    source.position = Number(kafka.offsets.get(`${TOPIC}|0`));
    await drive(b, source, 6);
    await b.close();
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('45');
    expect(influx.points).toEqual(ref.influx.points);
  });

  it('skips records below the checkpoint marker when the source redelivers them', async () => {
    const records = quotes(30);
    const ref = await referenceRun(records);
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const head = new FakeSource(records.slice(0, 18));
    const a = pipeline(influx, kafka, [head]);
    a.onAssignment(ASSIGN);
    await drive(a, head, 6);
    await a.close();
    const again = new FakeSource(records); // e.g. offsets committed by an older run: starts at 0
    const b = pipeline(influx, kafka, [again]);
    b.onAssignment(ASSIGN);
    await drive(b, again, 5);
    await b.close();
    expect(b.stats.totals).toMatchObject({ consumed: 30, skipped: 18, processed: 12 });
    expect(influx.points).toEqual(ref.influx.points);
  });

  it("re-commits a restored checkpoint's offset that Kafka lost, though no new record arrives (never stuck with lag)", async () => {
    // Seen in the rebalance test: after a fencing race the state topic held a checkpoint at the
    // partition's end but the group had no offset; every later owner skipped all records as
    // handled, had nothing to commit, and the lag never reached 0.
    const records = quotes(24);
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const first = new FakeSource(records);
    const a = pipeline(influx, kafka, [first]);
    a.onAssignment(ASSIGN);
    await drive(a, first, 6);
    await a.close();
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('24');
    kafka.offsets.delete(`${TOPIC}|0`); // the checkpoint stays, the offset is gone
    const again = new FakeSource(records); // no group offset: the consumer starts at 0
    const b = pipeline(influx, kafka, [again]);
    b.onAssignment(ASSIGN);
    await drive(b, again, 6);
    await b.close();
    expect(b.stats.totals).toMatchObject({ consumed: 24, skipped: 24, processed: 0 });
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('24');
  });

  it('a zombie owner cannot commit once the new owner opened the partition (fencing)', async () => {
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const source = new FakeSource(quotes(20));
    const zombie = pipeline(influx, kafka, [source]);
    zombie.onAssignment(ASSIGN);
    await drive(zombie, source, 5);
    const owner = pipeline(influx, kafka, [new FakeSource(quotes(20))]);
    owner.onAssignment(ASSIGN);
    await owner.handleBatch({ topic: TOPIC, partition: 0, records: [] });
    await zombie.commitAll();
    expect(kafka.commits).toEqual([]);
  });

  it('a poison record is dead-lettered with its reason and the partition moves on', async () => {
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const source = new FakeSource(quotes(12, [4]));
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    await drive(p, source, 5);
    await p.close();
    expect(kafka.deadLetters.map((d) => [d.record.offset, d.reason, d.record.value?.toString()])).toEqual([['4', 'not_json', 'not json {']]);
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('12');
    expect(p.stats.totals).toMatchObject({ consumed: 12, processed: 11, deadLettered: 1 });
  });

  it('points InfluxDB refuses (type conflict) are dead-lettered with the server message, in the same commit', async () => {
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    influx.refuse = (l) => (l.startsWith('quote,symbol=MSFT') && l.endsWith(` ${T0 + 4000}000000`) ? 'HTTP 400: partial write: field type conflict dropped=1' : undefined);
    const source = new FakeSource(quotes(9));
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    await drive(p, source, 3);
    await p.close();
    expect(kafka.deadLetters).toHaveLength(1);
    const [dl] = kafka.deadLetters;
    expect(dl?.reason).toBe('influx_rejected');
    expect(dl?.error).toContain('field type conflict');
    expect(dl?.record.value?.toString()).toMatch(/^quote,symbol=MSFT /);
    expect(dl?.record.offset).toBe('5'); // the last record of the batch that produced it
    expect(kafka.offsets.get(`${TOPIC}|0`)).toBe('9');
  });

  it('self-metrics snapshot: checkpoint age, count and bytes, gauges', async () => {
    const influx = new FakeInflux();
    const kafka = new FakeKafka();
    const source = new FakeSource(quotes(9));
    const p = pipeline(influx, kafka, [source]);
    p.onAssignment(ASSIGN);
    await drive(p, source, 9);
    await sleep(5); // the write is acknowledged
    const before = metricsSnapshot(p.owned, p.stats, OPTIONS.maxQueuedLines, Date.now());
    expect(before.state.trackedSymbols).toBe(3);
    expect(before.checkpoint.checkpoints).toBe(0);
    await p.commitAll();
    const after = metricsSnapshot(p.owned, p.stats, OPTIONS.maxQueuedLines, Date.now());
    expect(after.checkpoint).toMatchObject({ checkpoints: 1, ageMs: 0 });
    expect(after.checkpoint.bytes).toBeGreaterThan(1000);
    expect(before.latenciesMs).toHaveLength(9);
    expect(before.stagesMs.handle).toHaveLength(9); // per record
    expect(before.stagesMs.write.length).toBeGreaterThan(0); // per write
    expect(before.stagesMs.queue).toHaveLength(before.stagesMs.write.length);
    expect(after.latenciesMs).toHaveLength(0); // drained
    expect(after.stagesMs).toEqual({ handle: [], queue: [], write: [] });
  });

  it('the commit cycle gives partitions turns spread over the interval: each commits once per interval, never together', async () => {
    vi.useFakeTimers();
    try {
      const influx = new FakeInflux();
      const kafka = new FakeKafka();
      const sources = [0, 1, 2].map((n) => new FakeSource(quotes(200), n));
      const p = pipeline(influx, kafka, sources, { commitIntervalMs: 900 });
      p.onAssignment(new Map([[TOPIC, [0, 1, 2]]]));
      const at: [string, number][] = [];
      kafka.onCommit = (c) => at.push([c.key.slice(-1), Date.now()]);
      const t0 = Date.now();
      p.start();
      for (let step = 0; step < 24; step++) {
        for (const s of sources) await drive(p, new FakeSource(s.records.slice(s.position, (s.position += 5)), s.partition), 5);
        await vi.advanceTimersByTimeAsync(100);
      }
      const cycle = [...at];
      await p.close();
      // One partition a turn, a third of the interval apart, in a fixed rotation (the old
      // cycle committed all three at 900 and 1800).
      expect(cycle.map(([k]) => k)).toEqual(['0', '1', '2', '0', '1', '2', '0', '1']);
      expect(cycle.map(([, t]) => t - t0)).toEqual([300, 600, 900, 1200, 1500, 1800, 2100, 2400]);
      expect(kafka.offsets.get(`${TOPIC}|2`)).toBe('120'); // the close commits the rest
    } finally {
      vi.useRealTimers();
    }
  });
});
