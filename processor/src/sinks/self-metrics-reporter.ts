import type { Logger } from '@tickflow/common';
import { selfMetricPoints, type SelfMetricsSnapshot } from '../core/self-metrics.js';
import { LineWriter } from '../core/line-protocol.js';
import type { LineSink } from './sink.js';

/**
 * Every interval, pulls a snapshot of the processor's health and writes it as `pipeline`
 * points. Its sink is its own writer: sharing the pipeline's would let a metrics flush
 * acknowledge pipeline lines early.
 */
export function startSelfMetrics(
  snapshot: () => SelfMetricsSnapshot,
  sink: LineSink,
  instance: string,
  intervalMs: number,
  log: Logger,
): { stop(): Promise<void> } {
  const lines = new LineWriter(4096);
  const report = async (): Promise<void> => {
    for (const p of selfMetricPoints(snapshot(), instance, Date.now())) lines.add(p);
    await sink.write(lines.take());
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = report().catch((err) => log.warn({ err }, 'self-metrics write failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await report().catch((err) => log.warn({ err }, 'final self-metrics write failed'));
    },
  };
}
