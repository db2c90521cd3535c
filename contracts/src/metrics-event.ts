import { z } from 'zod';

/**
 * Health counters a service publishes to `pipeline.metrics`; the processor writes them to
 * InfluxDB (measurement `pipeline`, kind=producer), so the producer needs no InfluxDB access.
 * Counters are cumulative since the service started (Grafana derives rates).
 */
export const MetricsEventSchema = z.object({
  v: z.literal(1),
  service: z.string().min(1).max(32),
  instance: z.string().min(1).max(64),
  /** Emission time, epoch ms. */
  ts: z.number().int().positive(),
  /** e.g. the producer command: yahoo, backfill, replay, sim, sales. */
  source: z.string().min(1).max(32),
  counters: z.record(z.string().regex(/^[a-z0-9_]+$/), z.number().finite().nonnegative()),
});
export type MetricsEvent = z.infer<typeof MetricsEventSchema>;
