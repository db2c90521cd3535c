import type { Logger } from '@tickflow/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { emptyOutput, type PartitionHandler } from './core/handler.js';
import { toLineProtocol } from './core/points.js';
import { PipelineStats } from './pipeline-stats.js';
import type { ChangelogWriter } from './sinks/changelog-writer.js';
import type { DeadLetterProducer } from './sinks/dead-letter-producer.js';
import type { InfluxWriter } from './sinks/influx-writer.js';
import type { PartitionCheckpoint } from './sources/changelog-reader.js';

export interface PipelineDeps {
  consumer: Consumer;
  writer: InfluxWriter;
  deadLetters: DeadLetterProducer;
  changelog: ChangelogWriter;
  /** Loads the last checkpoints of the given `topic|partition` keys. */
  loadCheckpoints: (keys: Set<string>) => Promise<Map<string, PartitionCheckpoint>>;
  handlerFor: (topic: string, partition: number) => PartitionHandler;
  log: Logger;
}

interface Owned {
  handler: PartitionHandler;
  /** Records below this offset were fully handled (points, DLQ, checkpoint) before. */
  marker: bigint;
}

const partKey = (topic: string, partition: number): string => `${topic}|${partition}`;

/** Records handled per InfluxDB write within a batch: ~2 points each in tick mode, ~5,000 lines. */
const SLICE_RECORDS = 2500;

/**
 * input (Kafka batch) -> processors (pure partition handlers) -> outputs, in this order:
 * points to InfluxDB (acked), dead letters (acked), checkpoint of the changed state plus the
 * next offset (atomic), and only then the offset commit. A crash anywhere replays from the
 * last checkpoint; replayed points overwrite themselves (same series and event time).
 */
export class Pipeline {
  private readonly owned = new Map<string, Owned>();
  private ready: Promise<void> = Promise.resolve();
  readonly stats = new PipelineStats();

  constructor(private readonly deps: PipelineDeps) {}

  /** On (re)assignment: drop state of partitions that moved away, restore the new ones. */
  onAssignment(assigned: ReadonlyMap<string, readonly number[]>): void {
    const wanted = new Set<string>();
    for (const [topic, parts] of assigned) for (const p of parts) wanted.add(partKey(topic, p));
    for (const key of this.owned.keys()) if (!wanted.has(key)) this.owned.delete(key);
    const missing = new Set([...wanted].filter((k) => !this.owned.has(k)));
    const previous = this.ready;
    this.ready = previous.then(() => this.restore(missing));
  }

  get trackedPartitions(): number {
    return this.owned.size;
  }

  handlers(): PartitionHandler[] {
    return [...this.owned.values()].map((o) => o.handler);
  }

  async onBatch(payload: EachBatchPayload): Promise<void> {
    await this.ready;
    const { topic, partition } = payload.batch;
    const key = partKey(topic, partition);
    if (!this.owned.has(key)) await this.restore(new Set([key]));
    const owned = this.owned.get(key) as Owned;
    try {
      await this.process(owned, payload);
    } catch (err) {
      // State may have advanced past the checkpoint: rebuild it from the changelog before
      // kafkajs redelivers this batch, or its records would be applied twice.
      this.owned.delete(key);
      throw err;
    }
  }

  private async process(owned: Owned, { batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const key = partKey(topic, partition);
    const stats = this.stats.topic(topic);
    const out = emptyOutput();
    const hooks = { onWait: heartbeat, aborted: () => !isRunning() || isStale() };
    const messages = batch.messages;
    let skipped = 0;
    let points = 0;
    // Slices overlap CPU and IO: slice i+1 is handled while slice i's points are being written.
    // Writes stay in order, one at a time, and all are acked before the DLQ/checkpoint/commit.
    let writing: Promise<void> = Promise.resolve();
    for (let i = 0; i < messages.length || i === 0; i += SLICE_RECORDS) {
      const end = Math.min(messages.length, i + SLICE_RECORDS);
      for (let j = i; j < end; j++) {
        const m = messages[j] as KafkaMessage;
        if (BigInt(m.offset) < owned.marker) {
          skipped++;
          continue;
        }
        owned.handler.handle({ value: m.value, offset: m.offset, timestamp: Number(m.timestamp) }, out);
      }
      if (end >= messages.length) owned.handler.endBatch(out); // once per batch, as before
      const lines = out.points.map(toLineProtocol);
      out.points.length = 0;
      points += lines.length;
      await writing;
      this.stats.pendingLines = lines.length;
      writing = this.deps.writer.write(lines, hooks);
    }
    await writing;
    this.stats.pendingLines = 0;
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.deps.deadLetters.send(topic, partition, out.rejected, Date.now());
    await this.deps.changelog.checkpoint(topic, partition, owned.handler.takeDirty(), next);
    owned.marker = BigInt(next);
    await this.deps.consumer.commitOffsets([{ topic, partition, offset: next }]);
    resolveOffset(batch.lastOffset()); // advances the fetch position (we never auto-resolve)

    const ackedAt = Date.now();
    for (const m of batch.messages) this.stats.recordLatency(ackedAt - Number(m.timestamp));
    stats.consumed += batch.messages.length;
    stats.skipped += skipped;
    stats.processed += out.processed;
    stats.deadLettered += out.rejected.length;
    stats.points += points;
    this.stats.lag.set(key, Number(batch.offsetLag()));
    await heartbeat();
  }

  private async restore(keys: Set<string>): Promise<void> {
    if (keys.size === 0) return;
    const checkpoints = await this.deps.loadCheckpoints(keys);
    for (const key of keys) {
      const i = key.lastIndexOf('|');
      const handler = this.deps.handlerFor(key.slice(0, i), Number(key.slice(i + 1)));
      const cp = checkpoints.get(key);
      if (cp) handler.restore(cp.entities);
      this.owned.set(key, { handler, marker: cp?.marker ?? 0n });
    }
    this.deps.log.info({ partitions: [...keys], restored: checkpoints.size }, 'partition state ready');
  }
}
