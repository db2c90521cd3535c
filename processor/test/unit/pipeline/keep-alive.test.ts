import { sleep } from '@tickflow/common';
import { describe, expect, it } from 'vitest';
import { FakeInflux, FakeKafka, FakeSource, TOPIC, pipeline, quotes } from '../../support/fakes.js';

const ASSIGN = new Map([[TOPIC, [0]]]);

// A batch that fills the lane past maxQueuedLines waits for InfluxDB, heartbeating the group
// (through the shared sleep) so the broker does not think the consumer died.
describe('Pipeline back-pressure keeps the group alive', () => {
  const setup = () => {
    const influx = new FakeInflux();
    let release!: () => void;
    influx.gate = new Promise((r) => (release = r)); // InfluxDB stalls
    const source = new FakeSource(quotes(30));
    const p = pipeline(influx, new FakeKafka(), [source], { maxQueuedLines: 5, heartbeatIntervalMs: 5 });
    p.onAssignment(ASSIGN);
    return { p, batch: source.next(30)!, release: () => ((influx.gate = undefined), release()) };
  };

  it('heartbeats while the lane is full and stops once the writes drain it', async () => {
    const { p, batch, release } = setup();
    let beats = 0;
    const handled = await p.handleBatch(batch, async () => {
      if (++beats === 3) release();
    });
    expect(handled).toBe(true);
    const after = beats;
    expect(after).toBeGreaterThanOrEqual(3);
    await sleep(30); // no heartbeat timer left behind
    expect(beats).toBe(after);
    await p.close();
  });

  it('returns on a failed heartbeat (a rebalance) though the lane is still full', async () => {
    const { p, batch, release } = setup();
    let beats = 0;
    const handled = await p.handleBatch(batch, async () => {
      beats++;
      throw new Error('rebalance in progress');
    });
    expect(handled).toBe(true);
    expect(beats).toBe(1);
    release();
    await p.close();
  });
});
