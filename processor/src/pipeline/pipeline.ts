import { sleep, type Logger } from '@tickflow/common';
import { emptyOutput, type InRecord, type PartitionHandler } from '../core/handler.js';
import { toLineProtocol } from '../core/points.js';
import type { SelfMetricsSnapshot } from '../core/self-metrics.js';
import type { PartitionCheckpoint, PartitionOutputs, Sink } from '../sinks/sink.js';
import { commitTask } from './commit.js';
import { PointLane } from './point-lane.js';
import { PipelineStats } from './stats.js';
import { partKey, type Task } from './task.js';

export interface PipelineOptions {
  /** Commit cycle, ms. */
  commitIntervalMs: number;
  /** Lines per InfluxDB write. */
  batchLines: number;
  /** Wait for more points before a write, ms. */
  lingerMs: number;
  /** A partition's consumer waits while this many lines are queued. */
  maxQueuedLines: number;
  /** A partition commits early once its dead letters reach this many bytes. */
  maxPendingDeadLetterBytes: number;
  /** While a consumer waits on backpressure, it heartbeats this often, ms. */
  heartbeatIntervalMs: number;
}

export interface PipelineDeps {
  /** Claims a source partition's outputs, fencing any previous owner. */
  openOutputs(topic: string, partition: number): Promise<PartitionOutputs>;
  /** Last committed checkpoints of `topic|partition` keys (read after their outputs are open). */
  loadCheckpoints(keys: ReadonlySet<string>): Promise<Map<string, PartitionCheckpoint>>;
  /** Line protocol to InfluxDB. */
  points: Sink<string>;
  handlerFor(topic: string, partition: number): PartitionHandler;
  /** Rewinds the source of a partition, after a reset to its last checkpoint. */
  seek(topic: string, partition: number, offset: string): void;
  options: PipelineOptions;
  log: Logger;
  now?: () => number;
}

/** A batch of one source partition, records in offset order. */
export interface SourceBatch {
  topic: string;
  partition: number;
  records: readonly InRecord[];
  /** Records behind the end of the partition after this batch. */
  lag?: number;
}


/**
 * input (source batches) -> processors (pure partition handlers) -> sinks. Points stream to
 * InfluxDB as they are produced (PointLane). Apart from that data path, a commit cycle runs on
 * an interval: per partition, once its points up to a handled offset are acknowledged, its dead
 * letters, its changed state and that offset are committed in ONE transaction. A crash or a
 * failed write/commit replays from the last checkpoint; replayed points overwrite themselves.
 */
export class Pipeline {
  private readonly tasks = new Map<string, Task>();
  /** Partitions being reset to their checkpoint; their batches are not consumed meanwhile. */
  private readonly resets = new Map<string, Promise<void>>();
  private assigned = new Set<string>();
  private ready: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  readonly stats = new PipelineStats();
  private readonly now: () => number;

  constructor(private readonly deps: PipelineDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Starts the commit cycle. Partitions take turns, spread evenly over the interval, so each
   * commits once per interval but never all at once: a commit's burst (aggregate lines, state
   * encoding, a Kafka transaction) hit every partition's points together and set the latency
   * tail (bench, 1k events/s, 8 partitions: p99 166–200 ms with aligned commits, 105–132 in turns).
   */
  start(): void {
    this.scheduleTurn();
  }

  private scheduleTurn(): void {
    this.timer = setTimeout(() => this.turn(), this.turnMs());
    this.timer.unref();
  }

  /** Commits the partition whose turn is oldest, then schedules the next turn. */
  private turn(): void {
    if (this.stopping) return;
    let next: Task | undefined;
    for (const t of this.tasks.values()) if (!next || t.turnAt < next.turnAt) next = t;
    if (next) {
      next.turnAt = this.now();
      void this.commit(next);
    }
    this.scheduleTurn();
  }

  /** Time between turns: the interval shared by the partitions owned (or being restored). */
  private turnMs(): number {
    return this.deps.options.commitIntervalMs / Math.max(1, this.tasks.size, this.assigned.size);
  }

  /** New assignment: partitions that moved away are committed (best effort) and dropped; new ones restored. */
  onAssignment(assigned: ReadonlyMap<string, readonly number[]>): void {
    const wanted = new Set<string>();
    for (const [topic, parts] of assigned) for (const p of parts) wanted.add(partKey(topic, p));
    this.assigned = wanted;
    const revoked = [...this.tasks.keys()].filter((k) => !wanted.has(k));
    const missing = new Set([...wanted].filter((k) => !this.tasks.has(k)));
    void this.serially(async () => {
      await Promise.all(revoked.map((k) => this.release(k, true)));
      await this.restore(missing);
    });
  }

  /**
   * Handles one batch and queues its points. Resolves false when the batch was not consumed
   * (the partition was reset to its checkpoint and its source rewound, or we are stopping).
   */
  async handleBatch(batch: SourceBatch, heartbeat: () => Promise<void> = async () => {}): Promise<boolean> {
    const { topic, partition, records } = batch;
    const key = partKey(topic, partition);
    const resetting = this.resets.get(key);
    if (resetting) await resetting;
    if (this.stopping || resetting) return false;
    await this.ready;
    if (!this.tasks.has(key)) await this.serially(() => this.restore(new Set([key])));
    const task = this.tasks.get(key);
    if (!task || this.stopping) return false;
    if (task.failed || task.lane.failed) {
      await this.reset(task);
      return false;
    }
    const out = emptyOutput();
    const stamps: number[] = [];
    let i = 0;
    while (i < records.length && BigInt((records[i] as InRecord).offset) < task.next) i++; // handled before
    for (let j = i; j < records.length; j++) {
      const r = records[j] as InRecord;
      task.handler.handle(r, out);
      stamps.push(r.timestamp);
    }
    if (i < records.length) {
      const last = (records[records.length - 1] as InRecord).offset;
      task.next = BigInt(last) + 1n;
      task.lane.enqueue(out.points.map(toLineProtocol), last, stamps);
      for (const r of out.rejected) {
        task.pending.push(r);
        task.pendingBytes += (r.record.value?.length ?? 0) + r.error.length + 256;
      }
    }
    const s = this.stats.topic(topic);
    s.consumed += records.length;
    s.skipped += i;
    s.processed += out.processed;
    s.deadLettered += out.rejected.length;
    s.points += out.points.length;
    if (batch.lag !== undefined) this.stats.lag.set(key, batch.lag);
    if (task.pendingBytes >= this.deps.options.maxPendingDeadLetterBytes) void this.commit(task);
    const max = this.deps.options.maxQueuedLines;
    if (task.lane.pending >= max) await keepAlive(task.lane.below(max).catch(() => {}), heartbeat, this.deps.options.heartbeatIntervalMs);
    return true;
  }

  /** Commits every partition (the interval tick, a revocation, shutdown). */
  async commitAll(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => this.commit(t)));
  }

  /** Shutdown, first step: stop taking batches and commit everything handled. */
  async drain(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ready.catch(() => {});
    await this.commitAll();
  }

  /** Shutdown: drain, then release every partition (close its outputs). */
  async close(): Promise<void> {
    await this.drain();
    await Promise.all([...this.tasks.keys()].map((k) => this.release(k, true)));
  }

  /** The pipeline's side of the self-metrics (latencies and longest commit are drained). */
  snapshot(): Omit<SelfMetricsSnapshot, 'influx' | 'healthy'> {
    const state = { bufferFill: 0, trackedSymbols: 0, openWindows: 0, trackedCustomers: 0, trackedPartitions: this.tasks.size };
    const now = this.now();
    let queued = 0;
    let ageMs = 0;
    for (const t of this.tasks.values()) {
      const h = t.handler.gauges?.() ?? {};
      state.trackedSymbols += h.trackedSymbols ?? 0;
      state.openWindows += h.openWindows ?? 0;
      state.trackedCustomers += h.trackedCustomers ?? 0;
      queued += t.lane.pending;
      if (t.next > t.marker) ageMs = Math.max(ageMs, now - t.lastCommitAt);
    }
    state.bufferFill = Math.min(1, queued / (this.deps.options.maxQueuedLines * Math.max(1, this.tasks.size)));
    const c = this.stats.checkpoint;
    const checkpoint = { ageMs, checkpoints: c.checkpoints, bytes: c.bytes, durationMs: c.durationMs };
    c.durationMs = 0;
    const s = this.stats;
    return { topics: s.topics, deadLettersByReason: s.deadLettersByReason, lag: s.lag, latenciesMs: s.drainLatencies(), state, checkpoint };
  }

  /** Restores run one at a time: two restores of a partition would open its outputs twice. */
  private serially(fn: () => Promise<void>): Promise<void> {
    const run = this.ready.then(fn);
    this.ready = run.catch((err: unknown) => this.deps.log.error({ err }, 'restoring partition state failed'));
    return run;
  }

  private commit(task: Task): Promise<void> {
    return commitTask(task, { stats: this.stats, log: this.deps.log, now: this.now, onFailed: (t) => void this.reset(t) });
  }

  /** Throws away the partition's uncommitted progress and resumes from its last checkpoint. */
  private reset(task: Task): Promise<void> {
    const key = partKey(task.topic, task.partition);
    let r = this.resets.get(key);
    if (!r) {
      r = (async () => {
        await this.release(key, false);
        if (this.stopping || !this.assigned.has(key)) return;
        await this.serially(() => this.restore(new Set([key])));
        const fresh = this.tasks.get(key);
        if (fresh) this.deps.seek(task.topic, task.partition, String(fresh.next));
      })()
        .catch((err: unknown) => this.deps.log.error({ err, key }, 'partition reset failed'))
        .finally(() => this.resets.delete(key));
      this.resets.set(key, r);
    }
    return r;
  }

  /** Stops owning a partition: commits first when asked (revocation, shutdown). */
  private async release(key: string, commit: boolean): Promise<void> {
    const task = this.tasks.get(key);
    if (!task) return;
    if (commit) await this.commit(task);
    await task.committing;
    if (this.tasks.get(key) === task) this.tasks.delete(key);
    await task.lane.close();
    await task.outputs.close().catch((err: unknown) => this.deps.log.warn({ err, key }, 'closing partition outputs failed'));
  }

  private async restore(wanted: ReadonlySet<string>): Promise<void> {
    const keys = new Set([...wanted].filter((k) => !this.tasks.has(k)));
    if (keys.size === 0) return;
    const parts = [...keys].map((key) => {
      const i = key.lastIndexOf('|');
      return { key, topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
    });
    // Outputs first: opening them fences the previous owner before we read its checkpoint.
    const outputs = await Promise.all(parts.map((p) => this.deps.openOutputs(p.topic, p.partition)));
    const checkpoints = await this.deps.loadCheckpoints(keys);
    const { batchLines, lingerMs } = this.deps.options;
    parts.forEach(({ key, topic, partition }, i) => {
      const handler = this.deps.handlerFor(topic, partition);
      const cp = checkpoints.get(key);
      if (cp) handler.restore(cp.entities);
      const lane = new PointLane(this.deps.points, { batchLines, lingerMs }, (stamps) => {
        const at = this.now();
        for (const ts of stamps) this.stats.recordLatency(at - ts);
      });
      const marker = cp?.marker ?? 0n;
      const task: Task = { topic, partition, outputs: outputs[i] as PartitionOutputs, handler, lane, marker, next: marker, offsetCommitted: false, pending: [], pendingBytes: 0, lastCommitAt: this.now(), turnAt: this.now() };
      this.tasks.set(key, task);
    });
    this.deps.log.info({ partitions: [...keys], restored: checkpoints.size }, 'partition state ready');
  }
}

/**
 * Calls `heartbeat` every `everyMs` until `p` settles (the group must not think we died).
 * Stops waiting when a heartbeat fails (e.g. a rebalance): the batch is handled and queued
 * already, and kafkajs can only rejoin once the batch returns.
 */
async function keepAlive(p: Promise<void>, heartbeat: () => Promise<void>, everyMs: number): Promise<void> {
  const settled = new AbortController(); // ends the sleep as soon as `p` settles
  void p.finally(() => settled.abort());
  while (!settled.signal.aborted) {
    await sleep(everyMs, settled.signal);
    if (!settled.signal.aborted && !(await heartbeat().then(() => true, () => false))) return;
  }
}
