import { quoteKey, saleKey, type FxTable, type QuoteEvent, type SaleEvent } from '@tickflow/contracts';

export interface CleanOptions {
  /** Events this far behind the watermark are flagged late, ms. */
  allowedLatenessMs: number;
  /** How far behind the watermark keys are remembered for deduplication, ms. */
  dedupHorizonMs: number;
  fx: FxTable;
}

export type Verdict =
  | { keep: true; late: boolean; fxRate: number | null }
  | { keep: false; reason: 'duplicate' | 'unknown_currency' };

/** Identity of an event, the processor's (contracts): a re-sent event has the same key (and the same event time). */
export function eventKey(kind: 'quote' | 'sale', e: QuoteEvent | SaleEvent): string {
  return kind === 'sale' ? saleKey(e as SaleEvent) : quoteKey(e as QuoteEvent);
}

/**
 * The clean layer's decisions for one Kafka partition, taken in offset order so they are the
 * same on every replay: an event is a duplicate when an earlier kept event had its key and that
 * event's time is within the dedup horizon of the watermark (the newest kept event time); it is
 * late when it is more than the allowed lateness behind the watermark. Only kept events move the
 * watermark, so state rebuilt from the clean files alone (restore) equals the state in memory.
 * Duplicates are per partition: producers key a re-sent event to the same partition.
 */
export class PartitionCleaner {
  private watermark = Number.NEGATIVE_INFINITY;
  private readonly seen = new Map<string, number>();

  constructor(private readonly opts: CleanOptions) {}

  /** State from the clean files already written: newest event time and recent keys. */
  restore(watermark: number, keys: Iterable<readonly [string, number]>): void {
    this.watermark = watermark;
    for (const [k, ts] of keys) this.seen.set(k, ts);
  }

  get state(): { watermark: number; keys: number } {
    return { watermark: this.watermark, keys: this.seen.size };
  }

  judge(kind: 'quote' | 'sale', e: QuoteEvent | SaleEvent): Verdict {
    const key = eventKey(kind, e);
    const prior = this.seen.get(key);
    const unseen = prior === undefined || prior < this.watermark - this.opts.dedupHorizonMs;
    if (!unseen) return { keep: false, reason: 'duplicate' };
    const currency = e.currency;
    // Stryker disable next-line ConditionalExpression: equivalent, rate(undefined) looks up "undefined", never a 3-letter code
    const rate = currency === undefined ? undefined : this.opts.fx.rate(currency);
    if (rate === undefined && kind === 'sale') return { keep: false, reason: 'unknown_currency' };
    const late = e.ts < this.watermark - this.opts.allowedLatenessMs;
    this.seen.set(key, e.ts);
    this.watermark = Math.max(this.watermark, e.ts);
    return { keep: true, late, fxRate: rate ?? null };
  }

  /** Forgets keys that can no longer match (older than the horizon): bounded memory. */
  prune(): void {
    const floor = this.watermark - this.opts.dedupHorizonMs;
    for (const [k, ts] of this.seen) if (ts < floor) this.seen.delete(k);
  }
}
