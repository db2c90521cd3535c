import type { MetricsEvent } from '@tickflow/contracts';
import type { Logger } from '@tickflow/common';
import type { Producer } from 'kafkajs';

/**
 * Publishes the archiver's counters to `pipeline.metrics` every `intervalMs` and once on stop,
 * like the producers do: the processor writes them to InfluxDB, so the archiver needs no
 * InfluxDB credentials. A failed publish is logged, never fatal.
 */
export function startMetricsPublisher(
  producer: Producer,
  topic: string,
  counters: () => Record<string, number>,
  meta: { instance: string; intervalMs: number },
  log: Logger,
): { stop(): Promise<void> } {
  const publish = async (): Promise<void> => {
    const event: MetricsEvent = { v: 1, service: 'archiver', instance: meta.instance, ts: Date.now(), source: 'archive', counters: counters() };
    await producer.send({ topic, messages: [{ key: meta.instance, value: JSON.stringify(event) }] });
  };
  const timer = setInterval(() => publish().catch((err: Error) => log.warn({ err: err.message }, 'could not publish metrics')), meta.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await publish().catch((err: Error) => log.warn({ err: err.message }, 'could not publish final metrics'));
    },
  };
}
