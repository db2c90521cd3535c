/**
 * How much of the long-lived aggregates a commit rewrites: 0 none, 1 all of them, a share in
 * between "this much of the flush interval has passed". Spreading the rewrite over commits keeps
 * it from landing as one burst (two lines per symbol at once), which queued behind it the next
 * commits' live points.
 */
export type FlushShare = number;

/** Rounding slack: 0.1 added ten times is 0.9999999999999999, not a share short of a sweep. */
const EPSILON = 1e-9;

/**
 * Turns shares into whole items, in sweeps: what is pending when a sweep begins is written
 * by the time its shares add up to 1, in proportion as they come; items that change meanwhile
 * queue for the next sweep. So each is rewritten within about two intervals of changing.
 */
export class FlushSpread {
  private size = 0;
  private done = 0;
  private progress = 0;

  /**
   * How many of the pending items (oldest first) to write now. `count` is asked only when there
   * is a share: counting can walk every open aggregate, and most commits have none.
   */
  take(share: FlushShare, count: () => number): number {
    // A sweep begins with a share, holding what is pending then (not what was at a commit without one).
    if (share <= 0) return 0;
    const pending = count();
    if (share >= 1) {
      this.size = 0;
      return pending;
    }
    if (this.size === 0) this.begin(pending);
    this.progress += share;
    const ends = this.progress >= 1 - EPSILON;
    const due = ends ? this.size : Math.floor(this.progress * this.size + EPSILON * this.size);
    const n = Math.max(0, Math.min(pending, due - this.done));
    this.done += n;
    if (ends) this.begin(pending - n);
    return n;
  }

  private begin(size: number): void {
    this.size = size;
    this.done = 0;
    this.progress = 0;
  }
}
