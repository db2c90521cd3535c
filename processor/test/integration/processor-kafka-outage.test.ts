import { sleep } from '@tickflow/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/support/env.js';
import { groupLag } from '../../../test/support/kafka.js';
import { PrivateServices } from '../../../test/support/private-services.js';
import { runProducer, startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

// Kafka stopped under a running processor: it must reconnect, not exit, and then process
// what arrives after the broker is back.
const services = new PrivateServices(30_000 + (process.pid % 1000) * 3);
const topics = { QUOTES_TOPIC: uniqueName('q'), SALES_TOPIC: uniqueName('s'), METRICS_TOPIC: uniqueName('m') };
let p: RunningService | undefined;

const lag = (group: string): Promise<number> => groupLag(group, [topics.QUOTES_TOPIC], services.env.KAFKA_BROKERS);

beforeAll(async () => {
  await services.up();
}, 600_000);

afterAll(async () => {
  await p?.stop('SIGKILL');
  await services.down();
}, 120_000);

describe('Kafka outage', () => {
  it('the processor survives a broker restart and resumes', async () => {
    const env = { ...services.env, ...topics, TOPIC_PARTITIONS: '1' };
    const group = uniqueName('g-kafka-outage');
    const produce = (start: string): Promise<unknown> =>
      runProducer(['sim', '--symbols', 'AAPL', '--seed', '1', '--count', '50', '--speed', 'max', '--start', start], env).then((r) => {
        expect(r.code, r.stderr).toBe(0);
      });
    await produce('2026-05-04T10:00:00Z');
    p = startProcessor({ ...env, KAFKA_GROUP_ID: group });
    await waitFor('first batch', async () => (await lag(group).catch(() => -1)) === 0, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}\nprocessor output:\n${p?.output().slice(-3000)}`);
    });

    await services.call('stop-kafka');
    await sleep(15_000);
    expect(p.child.exitCode, p.output()).toBeNull();
    await services.call('start-kafka');

    await produce('2026-05-04T11:00:00Z');
    await waitFor('resumed after the broker restart', async () => {
      if (p?.child.exitCode !== null) throw new Error(`processor exited:\n${p?.output()}`);
      return (await lag(group).catch(() => -1)) === 0;
    }, 120_000);
    expect(await p.stop('SIGTERM')).toBe(0);
  }, 300_000);
});
