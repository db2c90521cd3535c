import { sleep } from '@tickflow/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/support/env.js';
import { dumpBucket } from '../../../test/support/dump.js';
import { createBucket } from '../../../test/support/influx.js';
import { groupCommitted, groupLag } from '../../../test/support/kafka.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

// Exactly-once results with at-least-once Kafka: a run killed with SIGKILL again and again,
// and a run whose consumer group rebalances, must leave InfluxDB identical to a run that
// never stopped.
const topics = { QUOTES_TOPIC: uniqueName('q'), SALES_TOPIC: uniqueName('s'), METRICS_TOPIC: uniqueName('m') };
const started: RunningService[] = [];
const START = new Date(Date.parse('2026-02-02T14:00:00Z')).toISOString();

function processor(bucket: string, group: string): RunningService {
  // A short session, so a killed instance's partitions move on within seconds.
  const p = startProcessor({ ...topics, INFLUX_BUCKET: bucket, KAFKA_GROUP_ID: group, METRICS_INTERVAL_MS: '1000', KAFKA_SESSION_TIMEOUT_MS: '6000' });
  started.push(p);
  return p;
}

async function caughtUp(group: string, alive: RunningService[]): Promise<void> {
  await waitFor(`group ${group} to catch up`, async () => {
    for (const p of alive) if (p.child.exitCode !== null) throw new Error(`processor exited ${p.child.exitCode}:\n${p.output()}`);
    return (await groupLag(group, [topics.QUOTES_TOPIC, topics.SALES_TOPIC]).catch(() => -1)) === 0;
  }, 180_000);
}

/** A seeded schedule of pauses, so a failure can be reproduced. */
function* seededDelays(seed: number, minMs: number, maxMs: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield minMs + (x % (maxMs - minMs));
  }
}

let reference: string[] = [];

beforeAll(async () => {
  const env = { ...topics, TOPIC_PARTITIONS: '4' };
  // Paced producers, so the killed run below is interrupted while data is still arriving.
  const producers = Promise.all([
    runProducer(['sim', '--symbols', 'AAPL,MSFT,NVDA,BTC-USD,ETH-USD,SHIB-USD', '--seed', '11', '--count', '1500', '--speed', '20', '--start', START], env),
    runProducer(['sales', '--seed', '5', '--count', '5000', '--rate', '15', '--speed', '8', '--start', START], env),
  ]);
  killedRun.bucket = await createBucket(uniqueName('killed'));
  killedRun.group = uniqueName('g-killed');
  const delays = seededDelays(20261123, 0, 400);
  const watched = [topics.QUOTES_TOPIC, topics.SALES_TOPIC];
  let kills = 0;
  let p = processor(killedRun.bucket, killedRun.group);
  let producing = true;
  void producers.then(() => (producing = false));
  while (kills < 8 && producing) {
    // Kill only once this instance has committed new work, so every kill lands mid-stream
    // with state in memory, not during start-up. Producers pace data over ~75 s.
    const before = await groupCommitted(killedRun.group, watched).catch(() => 0);
    // (Ends early when production ends: a caught-up processor then makes no more progress.)
    const progressed = async (): Promise<boolean> => !producing || (await groupCommitted(killedRun.group, watched).catch(() => 0)) > before;
    await waitFor('progress before the kill', progressed, 120_000, 100).catch(
      (err: Error) => {
        throw new Error(`${err.message} (kill ${kills}, committed ${before})\n${p.output().slice(-4000)}`);
      },
    );
    if (!producing) break;
    await sleep(delays.next().value as number);
    await p.stop('SIGKILL');
    kills++;
    killedRun.committedAtKill.push(await groupCommitted(killedRun.group, watched));
    p = processor(killedRun.bucket, killedRun.group);
  }
  for (const r of await producers) expect(r.code, r.stderr).toBe(0);
  killedRun.kills = kills;
  await caughtUp(killedRun.group, [p]);
  await p.stop('SIGTERM');

  const refBucket = await createBucket(uniqueName('reference'));
  const refGroup = uniqueName('g-ref');
  const ref = processor(refBucket, refGroup);
  await caughtUp(refGroup, [ref]);
  expect(await ref.stop('SIGTERM')).toBe(0);
  reference = await dumpBucket(refBucket);
}, 600_000);

const killedRun = { bucket: '', group: '', kills: 0, committedAtKill: [] as number[] };

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
});

describe('processor crash safety', () => {
  it('the reference run wrote every kind of point', () => {
    for (const m of ['quote,', 'candle,', 'sales,', 'sales_cube,', 'high_ticket_order,', 'customers,']) {
      expect(reference.some((l) => l.startsWith(m)), m).toBe(true);
    }
    // One high_ticket_order point per high-ticket order line: none overwrote another.
    const highTickets = reference
      .filter((l) => l.startsWith('sales,dim=total,') && l.includes(' high_ticket='))
      .reduce((n, l) => n + Number(/ high_ticket=(\S+) /.exec(l)?.[1]), 0);
    expect(highTickets).toBeGreaterThan(0);
    expect(reference.filter((l) => l.startsWith('high_ticket_order,') && l.includes(' order_id='))).toHaveLength(highTickets);
    // One line per tick: indicators ride on the quote line.
    expect(reference.some((l) => l.startsWith('quote,') && l.includes('rsi_14='))).toBe(true);
    expect(reference.length).toBeGreaterThan(10_000);
  });

  it('SIGKILL at seeded random points, then restart: InfluxDB is identical to an uninterrupted run', async () => {
    expect(killedRun.kills).toBeGreaterThanOrEqual(4);
    // Kills happened at different points of progress, not all at the start or end.
    expect(new Set(killedRun.committedAtKill).size).toBe(killedRun.kills);
    expect(killedRun.committedAtKill[0]).toBeGreaterThan(0);
    const killed = await dumpBucket(killedRun.bucket);
    expect(killed.length).toBe(reference.length);
    expect(killed).toEqual(reference);
  });

  it('two instances, a third joins, one leaves (rebalances): identical to an uninterrupted run', async () => {
    const bucket = await createBucket(uniqueName('rebalance'));
    const group = uniqueName('g-rebalance');
    const holdsPartitions = (p: RunningService) => async () => p.output().includes('partition state ready');
    const a = processor(bucket, group);
    const b = processor(bucket, group);
    let c: RunningService | undefined;
    try {
      await waitFor('a and b to own partitions', async () => (await holdsPartitions(a)()) && (await holdsPartitions(b)()), 120_000);
      c = processor(bucket, group);
      await waitFor('c to join and own partitions', holdsPartitions(c), 120_000);
      expect(await a.stop('SIGTERM')).toBe(0);
      await caughtUp(group, [b, c]);
      await Promise.all([b.stop('SIGTERM'), c.stop('SIGTERM')]);
    } catch (err) {
      // Which step and what each instance last said: a hang here must be diagnosable from CI's log.
      const tail = (p: RunningService | undefined) => (p ? p.output().split('\n').slice(-40).join('\n') : '(not started)');
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- a ---\n${tail(a)}\n--- b ---\n${tail(b)}\n--- c ---\n${tail(c)}`);
    } finally {
      await Promise.all([a, b, c].map((p) => p?.stop('SIGKILL')));
    }
    expect(await dumpBucket(bucket)).toEqual(reference);
  }, 450_000);
});
