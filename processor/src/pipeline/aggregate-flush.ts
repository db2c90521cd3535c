import type { FlushShare } from '../core/flush-spread.js';

/**
 * How much of the long-lived aggregates (1h/1d candles, hourly sales) a commit rewrites: while
 * caught up, the share of intervalMs since the last commit, so each is rewritten about once per
 * interval, a few at each commit (a lagging partition would rewrite them for nothing: none);
 * all of them once asked (closeClean: the next owner starts from what was written).
 */
export class AggregateFlush {
  private lastAt: number;
  private all = false;

  constructor(
    now: number,
    private readonly intervalMs: number,
  ) {
    this.lastAt = now;
  }

  /** The next commit writes every long-lived aggregate. */
  requestAll(): void {
    this.all = true;
  }

  /** Whether a requested full flush is still to be done (a commit in flight did not do it). */
  get allRequested(): boolean {
    return this.all;
  }

  /** This commit's share; a lagging partition's share waits for it to catch up. */
  take(now: number, caughtUp: boolean): FlushShare {
    if (!this.all && !caughtUp) return 0;
    const share = this.all || this.intervalMs <= 0 ? 1 : Math.min(1, Math.max(0, now - this.lastAt) / this.intervalMs);
    this.all = false;
    this.lastAt = now;
    return share;
  }
}
