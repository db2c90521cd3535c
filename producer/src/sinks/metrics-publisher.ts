import type { Logger } from '@tickflow/common';
import type { Counters } from '../core/counters.js';
import type { EventSink } from './kafka-sink.js';

/** Publishes the command's counters every `intervalMs`, and once more on stop. */
export function startMetricsPublisher(
  sink: EventSink,
  counters: Counters,
  meta: { instance: string; source: string; intervalMs: number },
  log: Logger,
): { stop(): Promise<void> } {
  const publish = async (): Promise<void> => {
    if (!sink.connected) return; // nothing sent yet: don't connect just to say so
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
