import type { PartitionOutputs } from '../sinks/sink.js';
import { partKey, PartitionTask, type TaskContext } from './partition-task.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface AssignmentDeps extends Pick<PipelineDeps, 'openOutputs' | 'loadCheckpoints' | 'handlerFor' | 'seek' | 'log'> {
  /** Every task's context but its failure callback (a failed task is reset here). */
  context: Omit<TaskContext, 'onFailed'>;
  /** Whether the pipeline is stopping: no batch is handled and no reset restores. */
  stopping(): boolean;
}

/**
 * The partitions this process owns, as Kafka assigns them: restored from their checkpoints
 * when they arrive, committed and released when they leave, reset to their checkpoint when a
 * commit or a lane fails. Restores run one at a time.
 */
export class PartitionAssignment {
  private readonly tasks = new Map<string, PartitionTask>();
  /** Partitions being reset to their checkpoint; their batches are not consumed meanwhile. */
  private readonly resets = new Map<string, Promise<void>>();
  private assigned = new Set<string>();
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AssignmentDeps) {}

  /** The partitions owned now. */
  get owned(): Iterable<PartitionTask> {
    return this.tasks.values();
  }

  /** Partitions owned or being restored (they share the commit interval). */
  get size(): number {
    return Math.max(this.tasks.size, this.assigned.size);
  }

  /** New assignment: partitions that moved away are committed (best effort) and dropped; new ones restored. */
  onAssignment(assigned: ReadonlyMap<string, readonly number[]>): void {
    const wanted = new Set<string>();
    for (const [topic, parts] of assigned) for (const p of parts) wanted.add(partKey(topic, p));
    this.assigned = wanted;
    const revoked = [...this.tasks.keys()].filter((k) => !wanted.has(k));
    const missing = new Set([...wanted].filter((k) => !this.tasks.has(k)));
    void this.serially(async () => {
      await Promise.all(revoked.map((k) => this.release(k, 'clean')));
      await this.restore(missing);
    });
  }

  /**
   * The task to handle a batch of partition `key`, restored first when new. Undefined when the
   * batch must not be consumed: the partition is (or just was) reset and its source rewound,
   * or the pipeline is stopping.
   */
  async taskFor(key: string): Promise<PartitionTask | undefined> {
    const resetting = this.resets.get(key);
    if (resetting) await resetting;
    if (this.deps.stopping() || resetting) return undefined;
    await this.ready;
    if (!this.tasks.has(key)) await this.serially(() => this.restore(new Set([key])));
    const task = this.tasks.get(key);
    if (!task || this.deps.stopping()) return undefined;
    if (task.failed) {
      await this.reset(task);
      return undefined;
    }
    return task;
  }

  /** Resolves once the restores queued so far are done (never rejects). */
  settled(): Promise<void> {
    return this.ready.catch(() => {});
  }

  /** Shutdown: releases every partition after committing it. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.tasks.keys()].map((k) => this.release(k, 'clean')));
  }

  /** Restores run one at a time: two restores of a partition would open its outputs twice. */
  private serially(fn: () => Promise<void>): Promise<void> {
    const run = this.ready.then(fn);
    this.ready = run.catch((err: unknown) => this.deps.log.error({ err }, 'restoring partition state failed'));
    return run;
  }

  /** Throws away the partition's uncommitted progress and resumes from its last checkpoint. */
  private reset(task: PartitionTask): Promise<void> {
    const key = partKey(task.topic, task.partition);
    let r = this.resets.get(key);
    if (!r) {
      r = (async () => {
        await this.release(key, 'dirty');
        if (this.deps.stopping() || !this.assigned.has(key)) return;
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

  /**
   * Stops owning a partition: `clean` commits what was handled first (revocation, shutdown),
   * `dirty` drops it (a reset). Out of the turns at once; the task finishes its commit in flight.
   */
  private async release(key: string, how: 'clean' | 'dirty'): Promise<void> {
    const task = this.tasks.get(key);
    if (!task) return;
    this.tasks.delete(key);
    await (how === 'clean' ? task.closeClean() : task.closeDirty());
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
    const ctx: TaskContext = { ...this.deps.context, onFailed: (t) => void this.reset(t) };
    parts.forEach(({ key, topic, partition }, i) => {
      const task = new PartitionTask(topic, partition, outputs[i] as PartitionOutputs, this.deps.handlerFor(topic, partition), ctx);
      task.restore(checkpoints.get(key));
      this.tasks.set(key, task);
    });
    this.deps.log.info({ partitions: [...keys], restored: checkpoints.size }, 'partition state ready');
  }
}
