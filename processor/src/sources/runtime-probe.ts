import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { RuntimeSample } from '../core/self-metrics.js';

/**
 * The process's own health between two samples: event-loop delay (how late timers and I/O
 * callbacks ran, which every record waiting behind a stall pays), GC pauses, heap and RSS.
 * Latency tails with no cause outside the process show up here first.
 */
export function startRuntimeProbe(): { sample(): RuntimeSample; stop(): void } {
  // 10 ms resolution: a stall shorter than that is invisible next to InfluxDB's own tail.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gcMs = 0;
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    sample() {
      const mem = process.memoryUsage();
      // Histogram values are ns; min 0 when no sample was taken (idle < resolution).
      const s: RuntimeSample = {
        eventLoopP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : 0,
        eventLoopMaxMs: delay.count > 0 ? delay.max / 1e6 : 0,
        gcPauseMs: gcMs,
        gcMaxPauseMs: gcMaxMs,
        heapUsedBytes: mem.heapUsed,
        rssBytes: mem.rss,
      };
      delay.reset();
      gcMs = 0;
      gcMaxMs = 0;
      return s;
    },
    stop() {
      delay.disable();
      gc.disconnect();
    },
  };
}
