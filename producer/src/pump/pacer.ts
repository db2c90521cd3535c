/**
 * When each event is due on the wall clock. By event time: the first event is due at once and
 * each later one when its gap from the first, divided by `speed`, has passed (spacing kept,
 * whatever the absolute times). By rate: slots 1/maxRate apart, so a late timer is made up by
 * the next events going at once; a stall is not made up by a burst of more than a second's worth.
 */
export class Pacer {
  private firstTs: number | undefined;
  private startedAt: number | undefined;
  private rateNext: number | undefined;

  constructor(
    private readonly speed: number,
    private readonly maxRate: number,
  ) {}

  get paced(): boolean {
    return Number.isFinite(this.speed) || Number.isFinite(this.maxRate);
  }

  /** Wall time at which an event with event time `ts` (undefined: not paced by time) may go. */
  dueAt(ts: number | undefined, now: number): number {
    this.startedAt ??= now;
    let due = -Infinity; // not paced: due at once
    if (ts !== undefined && Number.isFinite(this.speed)) {
      this.firstTs ??= ts;
      due = this.startedAt + (ts - this.firstTs) / this.speed;
    }
    if (Number.isFinite(this.maxRate)) {
      due = Math.max(due, this.rateNext ?? now, now - 1000);
      this.rateNext = due + 1000 / this.maxRate;
    }
    return due;
  }
}
