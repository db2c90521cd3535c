import { describe, expect, it } from 'vitest';
import { startRuntimeProbe } from '../../../src/sources/runtime-probe.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('runtime probe', () => {
  it('reports a stall of the event loop as delay, then starts a new interval', async () => {
    const probe = startRuntimeProbe();
    try {
      await tick(30); // let the 10-ms sampler run
      const until = performance.now() + 120;
      while (performance.now() < until); // a 120-ms stall, like a long synchronous encode
      await tick(30);
      const s = probe.sample();
      expect(s.eventLoopMaxMs).toBeGreaterThanOrEqual(100);
      expect(s.heapUsedBytes).toBeGreaterThan(0);
      expect(s.rssBytes).toBeGreaterThanOrEqual(s.heapUsedBytes);
      await tick(40);
      expect(probe.sample().eventLoopMaxMs).toBeLessThan(s.eventLoopMaxMs); // reset: the stall is not reported twice
    } finally {
      probe.stop();
    }
  });

  it('adds up GC pauses of the interval', async () => {
    const probe = startRuntimeProbe();
    try {
      let keep: number[][] = [];
      for (let i = 0; i < 200; i++) keep.push(new Array(50_000).fill(i)); // enough garbage for several scavenges
      keep = [];
      await tick(20); // GC entries are delivered asynchronously
      const s = probe.sample();
      expect(keep).toHaveLength(0);
      expect(s.gcPauseMs).toBeGreaterThan(0);
      expect(s.gcMaxPauseMs).toBeGreaterThan(0);
      expect(s.gcMaxPauseMs).toBeLessThanOrEqual(s.gcPauseMs);
      expect(probe.sample().gcPauseMs).toBe(0);
    } finally {
      probe.stop();
    }
  });
});
