import { BUCKETS } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { bucketPlan, LEGACY_TASKS, shardGroupSeconds } from '../../influxdb/setup.js';

const DAY = 86_400;
const base = { url: 'http://influx', token: 't', org: 'o' };

describe('influx setup: which buckets, how long they keep data', () => {
  it('defaults to the buckets and retentions of contracts BUCKETS (daily kept forever)', () => {
    const plan = bucketPlan(base);
    expect(plan.raw).toMatchObject({ name: BUCKETS.raw.name, retentionSeconds: BUCKETS.raw.retentionDays * DAY });
    expect(plan.longterm).toMatchObject({ name: BUCKETS.longterm.name, retentionSeconds: BUCKETS.longterm.retentionDays * DAY });
    expect(plan.daily).toMatchObject({ name: 'tickflow_daily', retentionSeconds: 0 });
  });

  it('takes configured names and retentions', () => {
    const plan = bucketPlan({ ...base, rawBucket: 'r', longBucket: 'l', dailyBucket: 'd', rawRetentionDays: 3, longRetentionDays: 30, dailyRetentionDays: 3650 });
    expect([plan.raw, plan.longterm, plan.daily].map((b) => [b.name, b.retentionSeconds / DAY])).toEqual([
      ['r', 3],
      ['l', 30],
      ['d', 3650],
    ]);
  });

  it('gives long-lived, sparse buckets long shard groups and leaves short ones to InfluxDB', () => {
    expect(shardGroupSeconds(0)).toBe(364 * DAY);
    expect(shardGroupSeconds(365)).toBe(28 * DAY);
    expect(shardGroupSeconds(180)).toBe(28 * DAY);
    expect(shardGroupSeconds(179)).toBeUndefined();
    expect(shardGroupSeconds(7)).toBeUndefined();
    // A shard group never outlives a finite retention by more than the retention itself.
    for (const d of [180, 365, 1000]) expect(shardGroupSeconds(d)!).toBeLessThanOrEqual(d * DAY);
  });

  it('removes the three downsampling tasks of older installs (the processor writes their rollups)', () => {
    expect([...LEGACY_TASKS].sort()).toEqual(['tickflow-candles-1d', 'tickflow-candles-1h', 'tickflow-sales-1h']);
  });
});
