import type { DeadLetter, QuoteEvent, SaleEvent } from '@tickflow/contracts';

/**
 * One thing a source hands the pump. Quotes and sales go to their topics (keyed by symbol /
 * order id); a reject goes to `<topic>.dlq` with its reason, so bad input is never lost.
 */
export type SourceItem =
  | { kind: 'quote'; event: QuoteEvent }
  | { kind: 'sale'; event: SaleEvent }
  | { kind: 'reject'; topic: string; deadLetter: DeadLetter };

/** How far a source is through its work, in its own units (rows, bytes, requests, ticks). */
export interface SourceProgress {
  done: number;
  /** Undefined when the end is unknown (live polling, `--count 0`). */
  total?: number;
  /** What `done`/`total` count, for the progress line: "rows", "bytes", "ticks"... */
  unit: string;
}

/**
 * A source: an async iterable of items in event order. The pump pulls at its own pace
 * (pacing, back-pressure), so a source never needs a timer of its own for throughput.
 * `progress()`, when present, is read by the pump's progress reporter between batches.
 */
export interface Source extends AsyncIterable<SourceItem> {
  progress?(): SourceProgress;
}
