import type { Logger } from '@tickflow/common';
import { QuoteHandler } from '../core/market/quote-handler.js';
import { SalesHandler } from '../core/sales/sales-handler.js';
import { selfMetricPoints } from '../core/self-metrics.js';
import { toLineProtocol } from '../core/points.js';
import type { Pipeline } from '../pipeline.js';
import type { DeadLetterProducer } from './dead-letter-producer.js';
import type { InfluxWriter } from './influx-writer.js';

/**
 * Every interval, writes the processor's own health to InfluxDB (`pipeline`). Uses its own
 * writer: sharing the pipeline's would let a metrics flush acknowledge pipeline lines early.
 */
export function startSelfMetrics(
  deps: { pipeline: Pipeline; dlq: DeadLetterProducer; dataWriter: InfluxWriter; metricsWriter: InfluxWriter; batchLines: number },
  instance: string,
  intervalMs: number,
  log: Logger,
): { stop(): Promise<void> } {
  const report = async (): Promise<void> => {
    const { pipeline } = deps;
    const handlers = pipeline.handlers();
    const quotes = handlers.filter((h): h is QuoteHandler => h instanceof QuoteHandler);
    const sales = handlers.filter((h): h is SalesHandler => h instanceof SalesHandler);
    const points = selfMetricPoints(
      {
        topics: pipeline.stats.topics,
        deadLettersByReason: deps.dlq.counts,
        lag: pipeline.stats.lag,
        latenciesMs: pipeline.stats.drainLatencies(),
        influx: deps.dataWriter.stats,
        state: {
          bufferFill: Math.min(1, pipeline.stats.pendingLines / deps.batchLines),
          openWindows: sales.reduce((n, h) => n + h.openWindows, 0),
          trackedSymbols: quotes.reduce((n, h) => n + h.symbols.size, 0),
          trackedPartitions: pipeline.trackedPartitions,
          trackedCustomers: sales.reduce((n, h) => n + h.trackedCustomers, 0),
        },
      },
      instance,
      Date.now(),
    );
    await deps.metricsWriter.write(points.map(toLineProtocol), { aborted: () => true });
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
