import type { Logger } from '@tickflow/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { emptyOutput, type PartitionHandler } from './core/handler.js';
import { toLineProtocol } from './core/points.js';
import type { DeadLetterProducer } from './sinks/dead-letter-producer.js';
import type { InfluxWriter } from './sinks/influx-writer.js';

export interface PipelineDeps {
  consumer: Consumer;
  writer: InfluxWriter;
  deadLetters: DeadLetterProducer;
  handlerFor: (topic: string, partition: number) => PartitionHandler;
  log: Logger;
}

export interface PipelineStats {
  consumed: number;
  processed: number;
  deadLettered: number;
  points: number;
}

/**
 * input (Kafka batch) -> processors (pure partition handlers) -> outputs (DLQ, InfluxDB),
 * then commit. The commit comes last: a crash anywhere before it replays the batch, and
 * replayed points overwrite themselves because they are keyed by series and event time.
 */
export class Pipeline {
  private readonly handlers = new Map<string, PartitionHandler>();
  readonly stats: PipelineStats = { consumed: 0, processed: 0, deadLettered: 0, points: 0 };

  constructor(private readonly deps: PipelineDeps) {}

  /** Drops state of partitions this instance no longer owns; a new owner rebuilds it. */
  retainOnly(assigned: ReadonlyMap<string, readonly number[]>): void {
    for (const key of this.handlers.keys()) {
      const [topic, p] = splitKey(key);
      if (!assigned.get(topic)?.includes(p)) this.handlers.delete(key);
    }
  }

  get trackedPartitions(): number {
    return this.handlers.size;
  }

  handlersOf<T extends PartitionHandler>(type: new (...a: never[]) => T): T[] {
    return [...this.handlers.values()].filter((h): h is T => h instanceof type);
  }

  async onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const handler = this.handler(topic, partition);
    const out = emptyOutput();
    for (const m of batch.messages) {
      handler.handle({ value: m.value, offset: m.offset, timestamp: Number(m.timestamp) }, out);
    }
    handler.endBatch(out);

    await this.deps.deadLetters.send(topic, partition, out.rejected, Date.now());
    const lines = out.points.map(toLineProtocol);
    await this.deps.writer.write(lines, { onWait: heartbeat, aborted: () => !isRunning() || isStale() });

    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.deps.consumer.commitOffsets([{ topic, partition, offset: next }]);
    resolveOffset(batch.lastOffset()); // advances the fetch position (we never auto-resolve)
    this.stats.consumed += batch.messages.length;
    this.stats.processed += out.processed;
    this.stats.deadLettered += out.rejected.length;
    this.stats.points += lines.length;
    await heartbeat();
  }

  private handler(topic: string, partition: number): PartitionHandler {
    const key = `${topic}\u0000${partition}`;
    let h = this.handlers.get(key);
    if (!h) this.handlers.set(key, (h = this.deps.handlerFor(topic, partition)));
    return h;
  }
}

function splitKey(key: string): [string, number] {
  const i = key.lastIndexOf('\u0000');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}
