import type { MetricsEvent } from '@tickflow/contracts';
import type { Logger } from '@tickflow/common';
import type { Counters } from '../core/counters.js';
import type { SinkStats } from './kafka-sink.js';

/** What the publisher needs of the sink: its running totals and a way to send one event. */
export interface MetricsTarget {
  readonly stats: SinkStats;
  metrics(event: MetricsEvent): Promise<void>;
}

/** Publishes the command's counters every `intervalMs`, and once more on stop. */
export function startMetricsPublisher(
  sink: MetricsTarget,
  counters: Counters,
  meta: { instance: string; source: string; intervalMs: number },
  log: Logger,
): { stop(): Promise<void> } {
  const publish = async (): Promise<void> => {
    const c = { ...counters.snapshot(), quotes_sent: sink.stats.quotes, sales_sent: sink.stats.sales, dead_lettered: sink.stats.deadLetters };
    await sink.metrics({ v: 1, service: 'producer', instance: meta.instance, ts: Date.now(), source: meta.source, counters: c });
  };
  const timer = setInterval(() => publish().catch((err) => log.warn({ err }, 'could not publish metrics')), meta.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await publish().catch((err) => log.warn({ err }, 'could not publish final metrics'));
    },
  };
}
