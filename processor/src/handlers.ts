import { FxTable } from '@tickflow/contracts';
import type { PartitionHandler } from './core/handler.js';
import { Retention } from './core/retention.js';
import { QuoteHandler } from './core/market/quote-handler.js';
import { MetricsHandler } from './core/metrics-handler.js';
import { SalesHandler } from './core/sales/sales-handler.js';
import type { ProcessorConfig } from './config.js';

/** Builds the pure handler for a topic-partition. One handler owns one partition's state. */
export function handlerFactory(cfg: Readonly<ProcessorConfig>): (topic: string, partition: number) => PartitionHandler {
  const fx = new FxTable(cfg.sales.baseCurrency, cfg.sales.fxRates);
  const b = cfg.buckets;
  const retentionDays = { raw: b.raw.retentionDays, longterm: b.longterm.retentionDays, daily: b.daily.retentionDays };
  const retention = new Retention({ retentionDays, marginMs: cfg.retention.marginMs });
  return (topic, partition) => {
    if (topic === cfg.topics.quotes) {
      return new QuoteHandler({ indicators: cfg.indicators, maxFutureMs: cfg.maxFutureMs, ...cfg.market, retention });
    }
    if (topic === cfg.topics.sales) return new SalesHandler({ partition, fx, maxFutureMs: cfg.maxFutureMs, ...cfg.sales, retention });
    if (topic === cfg.topics.metrics) return new MetricsHandler(cfg.maxFutureMs);
    throw new Error(`no handler for topic ${topic}`);
  };
}
