import { BUCKETS, type BucketKind } from '@tickflow/contracts';

export const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** Retention per bucket kind, days; 0 = forever. */
  retentionDays: Readonly<Record<BucketKind, number>>;
  /** A point must be at least this much younger than its bucket's retention limit, ms (the write takes time). */
  marginMs: number;
}

/**
 * Which bucket keeps which point, decided without the wall clock: "now" is a record's Kafka
 * timestamp (its produce time), so a restart or a second run of the topic decides identically.
 * An aggregate is decided once, with the timestamp of the record that opened it.
 */
export class Retention {
  private readonly limits: Record<BucketKind, number>;

  constructor(readonly opts: RetentionOptions) {
    const ms = (kind: BucketKind) => opts.retentionDays[kind] * DAY_MS;
    this.limits = { raw: ms('raw'), longterm: ms('longterm'), daily: ms('daily') };
  }

  /** Keeps everything: handlers built without a retention (unit tests of other rules). */
  static readonly keepAll = new Retention({ retentionDays: { raw: 0, longterm: 0, daily: 0 }, marginMs: 0 });

  /** The default buckets' retentions (contracts BUCKETS) with `marginMs`. */
  static defaults(marginMs: number): Retention {
    return new Retention({ retentionDays: { raw: BUCKETS.raw.retentionDays, longterm: BUCKETS.longterm.retentionDays, daily: BUCKETS.daily.retentionDays }, marginMs });
  }

  /** Whether the bucket of `kind` holds a point at `ts` when decided at `now` (epoch ms). */
  keeps(kind: BucketKind, ts: number, now: number): boolean {
    const limit = this.limits[kind];
    return limit === 0 || ts >= now - limit + this.opts.marginMs;
  }
}
