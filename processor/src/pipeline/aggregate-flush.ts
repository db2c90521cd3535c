import type { FlushShare } from '../core/flush-spread.js';

/** A caught-up partition rewrites a share at most this many times per interval (fewer, larger requests). */
const STEPS = 6;

/**
 * How much of the long-lived aggregates (1h/1d candles, hourly sales) a commit rewrites: while
 * caught up, the share of intervalMs since the last rewrite once it is at least 1/STEPS, so each
 * is rewritten about once per interval, a sixth at a time (one burst of every symbol's two lines
 * held up the live points queued behind it; a request per commit to each long-lived bucket
 * would cost InfluxDB a write each); a lagging partition none (it would rewrite them for
 * nothing); all of them once asked (closeClean: the next owner starts from what was written).
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
    const share = this.all || this.intervalMs <= 0 ? 1 : Math.min(1, Math.max(0, now - this.lastAt) / this.intervalMs);
    if (!this.all && (!caughtUp || share < 1 / STEPS)) return 0;
    this.all = false;
    this.lastAt = now;
    return share;
  }
}
