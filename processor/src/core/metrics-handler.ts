import { decodeEvent, MEASUREMENTS, MetricsEventSchema } from '@tickflow/contracts';
import type { EntityStates, InRecord, Output, PartitionHandler } from './handler.js';

/** Producer health events (`pipeline.metrics`) -> `pipeline` points with kind=producer. Stateless. */
export class MetricsHandler implements PartitionHandler {
  constructor(private readonly maxFutureMs: number) {}

  handle(record: InRecord, out: Output): void {
    const d = decodeEvent(MetricsEventSchema, record.value, { now: record.timestamp, maxFutureMs: this.maxFutureMs });
    if (!d.ok) return void out.rejected.push({ record, reason: d.reason, error: d.error });
    const m = d.event;
    if (Object.keys(m.counters).length > 0) {
      out.points.push({
        measurement: MEASUREMENTS.pipeline,
        tags: { kind: 'producer', instance: m.instance, service: m.service, source: m.source },
        fields: m.counters,
        ts: m.ts,
      });
    }
    out.processed++;
  }

  endBatch(): void {}

  takeDirty(): EntityStates {
    return new Map();
  }

  restore(): void {}
}
