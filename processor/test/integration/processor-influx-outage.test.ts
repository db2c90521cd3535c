import { sleep } from '@tickflow/common';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from '../../../test/support/env.js';
import { dumpBucket } from '../../../test/support/dump.js';
import { createBucket } from '../../../test/support/influx.js';
import { groupLag } from '../../../test/support/kafka.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';
import { TcpProxy } from '../../../test/support/tcp-proxy.js';

// InfluxDB unreachable for 30 s in the middle of a run: the processor backs off, stops
// committing (lag grows instead of data being dropped), recovers, and loses nothing.
const topics = { QUOTES_TOPIC: uniqueName('q'), SALES_TOPIC: uniqueName('s'), METRICS_TOPIC: uniqueName('m') };
const START = '2026-03-02T09:00:00Z';
const running: RunningService[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
});

describe('InfluxDB outage', () => {
  it('survives 30 s without InfluxDB and ends identical to an uninterrupted run', async () => {
    const target = new URL(serviceEnv().INFLUX_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 80));
    await proxy.up();
    const bucket = await createBucket(uniqueName('outage'));
    const group = uniqueName('g-outage');
    const env = { ...topics, TOPIC_PARTITIONS: '2' };
    const p = startProcessor({ ...topics, INFLUX_URL: `http://127.0.0.1:${proxy.port}`, INFLUX_BUCKET: bucket, KAFKA_GROUP_ID: group });
    running.push(p);

    const first = await runProducer(['sim', '--symbols', 'AAPL,BTC-USD', '--seed', '3', '--count', '100', '--speed', 'max', '--start', START], env);
    expect(first.code, first.stderr).toBe(0);
    await waitFor('first batch written', async () => (await groupLag(group, [topics.QUOTES_TOPIC]).catch(() => -1)) === 0, 60_000);

    await proxy.down();
    const second = await runProducer(['sales', '--seed', '9', '--count', '500', '--rate', '10', '--speed', 'max', '--start', START], env);
    expect(second.code, second.stderr).toBe(0);
    await sleep(30_000);
    // Nothing was acknowledged, so nothing was committed: the backlog waits in Kafka.
    expect(await groupLag(group, [topics.SALES_TOPIC])).toBe(500);
    expect(p.child.exitCode).toBeNull();
    expect(p.output()).toContain('InfluxDB write failed; retrying');

    await proxy.up();
    await waitFor('recovery', async () => (await groupLag(group, [topics.QUOTES_TOPIC, topics.SALES_TOPIC]).catch(() => -1)) === 0, 90_000);
    expect(await p.stop('SIGTERM')).toBe(0);
    expect(p.output()).toContain('InfluxDB write recovered');

    const refBucket = await createBucket(uniqueName('outage-ref'));
    const refGroup = uniqueName('g-outage-ref');
    const ref = startProcessor({ ...topics, INFLUX_BUCKET: refBucket, KAFKA_GROUP_ID: refGroup });
    running.push(ref);
    await waitFor('reference run', async () => (await groupLag(refGroup, [topics.QUOTES_TOPIC, topics.SALES_TOPIC]).catch(() => -1)) === 0, 90_000);
    await ref.stop('SIGTERM');
    const expected = await dumpBucket(refBucket);
    expect(expected.length).toBeGreaterThan(500);
    expect(await dumpBucket(bucket)).toEqual(expected);
    await proxy.down();
  }, 240_000);
});
