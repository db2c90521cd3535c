import type { SelfMetricsSnapshot } from '../core/self-metrics.js';
import type { PartitionTask } from './partition-task.js';
import type { PipelineStats } from './stats.js';

/**
 * The pipeline's side of the self-metrics, from the partitions owned and the counters:
 * handler gauges, queue fill, checkpoint age. Latencies and the longest commit are drained.
 */
export function metricsSnapshot(tasks: Iterable<PartitionTask>, stats: PipelineStats, maxQueuedLines: number, now: number): Omit<SelfMetricsSnapshot, 'influx' | 'healthy' | 'runtime'> {
  const state = { bufferFill: 0, trackedSymbols: 0, openWindows: 0, trackedCustomers: 0, trackedPartitions: 0 };
  let queued = 0;
  let ageMs = 0;
  for (const t of tasks) {
    const h = t.handler.gauges?.() ?? {};
    state.trackedPartitions++;
    state.trackedSymbols += h.trackedSymbols ?? 0;
    state.openWindows += h.openWindows ?? 0;
    state.trackedCustomers += h.trackedCustomers ?? 0;
    queued += t.lanes.pending;
    if (t.next > t.marker) ageMs = Math.max(ageMs, now - t.lastCommitAt);
  }
  state.bufferFill = Math.min(1, queued / (maxQueuedLines * Math.max(1, state.trackedPartitions)));
  const c = stats.checkpoint;
  const checkpoint = { ageMs, checkpoints: c.checkpoints, bytes: c.bytes, durationMs: c.durationMs };
  c.durationMs = 0;
  return { topics: stats.topics, deadLettersByReason: stats.deadLettersByReason, lag: stats.lag, retention: stats.retentionSkips, latenciesMs: stats.latency.drain(), stagesMs: stats.drainStages(), state, checkpoint };
}
