import type { PartitionTask } from './partition-task.js';

/**
 * The commit cycle. Partitions take turns, spread evenly over the interval, so each commits
 * once per interval but never all at once: a commit's burst (aggregate lines, state encoding,
 * a Kafka transaction) hit every partition's points together and set the latency tail (bench,
 * 1k events/s, 8 partitions: p99 166–200 ms with aligned commits, 105–132 in turns).
 */
export class CommitTurns {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    /** The partitions owned now. */
    private readonly tasks: () => Iterable<PartitionTask>,
    /** How many partitions share the interval (owned or being restored). */
    private readonly sharing: () => number,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.schedule();
  }

  /** No turn after this one (shutdown). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.turn(), this.intervalMs / Math.max(1, this.sharing()));
    this.timer.unref();
  }

  /** Commits the partition whose turn is oldest, then schedules the next turn. */
  private turn(): void {
    if (this.stopped) return;
    let next: PartitionTask | undefined;
    for (const t of this.tasks()) if (!next || t.turnAt < next.turnAt) next = t;
    if (next) {
      next.turnAt = this.now();
      void next.commitNow();
    }
    this.schedule();
  }
}
