/**
 * When a commit rewrites the long-lived aggregates (1h/1d candles, hourly sales): while caught
 * up at most every intervalMs (a lagging partition would rewrite them per commit for nothing),
 * and always once asked (closeClean: the next owner starts from what was written).
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

  /** Whether this commit flushes; if it does, the request is met and the interval restarts. */
  take(now: number, caughtUp: boolean): boolean {
    const flush = this.all || (caughtUp && now - this.lastAt >= this.intervalMs);
    if (flush) {
      this.all = false;
      this.lastAt = now;
    }
    return flush;
  }
}
