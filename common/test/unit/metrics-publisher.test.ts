import type { MetricsEvent } from '@tickflow/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startMetricsPublisher } from '../../src/metrics-publisher.js';

const log = createLogger('test', 'silent');
const opts = { service: 'archiver', source: 'archive', instance: 'a-1', intervalMs: 1000, now: () => 42 };

describe('startMetricsPublisher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the counters as a metrics event every interval and once more on stop', async () => {
    const sent: MetricsEvent[] = [];
    let n = 0;
    const p = startMetricsPublisher(async (e) => void sent.push(e), () => ({ events: ++n }), opts, log);
    await vi.advanceTimersByTimeAsync(2500);
    expect(sent).toEqual([1, 2].map((events) => ({ v: 1, service: 'archiver', instance: 'a-1', ts: 42, source: 'archive', counters: { events } })));
    await p.stop();
    expect(sent.map((e) => e.counters.events)).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(3);
  });

  it('a failed send is logged, never thrown, and publishing goes on', async () => {
    const warn = vi.spyOn(log, 'warn');
    let calls = 0;
    const p = startMetricsPublisher(
      async () => {
        if (++calls === 1) throw new Error('down');
      },
      () => ({}),
      opts,
      log,
    );
    const failing = startMetricsPublisher(() => Promise.reject(new Error('down')), () => ({}), opts, log);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(failing.stop()).resolves.toBeUndefined();
    await p.stop();
    expect(warn).toHaveBeenCalledWith({ err: 'down' }, 'could not publish metrics');
    expect(warn).toHaveBeenCalledWith({ err: 'down' }, 'could not publish final metrics');
    expect(calls).toBe(3);
  });
});
