import type { MetricsEvent } from '@tickflow/contracts';
import type { Logger } from './logger.js';

export interface MetricsPublisherOptions {
  /** Who publishes: `service` and `source` of the event (e.g. producer/yahoo, archiver/archive). */
  service: string;
  source: string;
  instance: string;
  intervalMs: number;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
}

/**
 * Publishes a service's counters to `pipeline.metrics` every `intervalMs` and once more on
 * stop: the processor writes them to InfluxDB, so producers and the archiver need no InfluxDB
 * access. `send` delivers one event (a Kafka send, or a sink's metrics method). A failed
 * publish is logged, never fatal.
 */
export function startMetricsPublisher(
  send: (event: MetricsEvent) => Promise<void>,
  counters: () => Record<string, number>,
  o: MetricsPublisherOptions,
  log: Logger,
): { stop(): Promise<void> } {
  const now = o.now ?? Date.now;
  const publish = (): Promise<void> => send({ v: 1, service: o.service, instance: o.instance, ts: now(), source: o.source, counters: counters() });
  const warn = (what: string) => (err: Error) => log.warn({ err: err.message }, what);
  const timer = setInterval(() => publish().catch(warn('could not publish metrics')), o.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await publish().catch(warn('could not publish final metrics'));
    },
  };
}
