import type { DeadLetter, QuoteEvent, SaleEvent } from '@tickflow/contracts';
import type { Source, SourceItem, SourceProgress } from './source.js';

/** What push-style code (a poller, a request loop) hands its events to. */
export interface Emitter {
  quotes(events: readonly QuoteEvent[]): Promise<void>;
  sales(events: readonly SaleEvent[]): Promise<void>;
  /** `topic` is the source topic; the records go to its `.dlq`. */
  deadLetter(topic: string, records: readonly DeadLetter[]): Promise<void>;
}

export interface PushSourceOptions {
  /** Aborts `run` too (SIGTERM). */
  signal: AbortSignal;
  /** An emit waits while this many items are queued: the pump's pace is the producer's. */
  highWater?: number;
  progress?: () => SourceProgress;
}

/**
 * Turns push-style code into a Source: `run` emits through an Emitter, the pump pulls. `run`
 * gets a signal that aborts on the outer signal or when the pump stops pulling; its error ends
 * the iteration with that error.
 */
export function pushSource(run: (emit: Emitter, signal: AbortSignal) => Promise<void>, opts: PushSourceOptions): Source {
  const highWater = opts.highWater ?? 10_000;
  async function* items(): AsyncGenerator<SourceItem> {
    const stop = new AbortController();
    const signal = AbortSignal.any([opts.signal, stop.signal]);
    const queue: SourceItem[] = [];
    let wake: (() => void) | undefined;
    let room: (() => void) | undefined;
    let ended: { err?: unknown } | undefined;
    const push = async (batch: SourceItem[]): Promise<void> => {
      for (const item of batch) queue.push(item);
      wake?.();
      while (queue.length >= highWater && !signal.aborted) await new Promise<void>((r) => (room = r));
    };
    const emitter: Emitter = {
      quotes: (events) => push(events.map((event) => ({ kind: 'quote', event }))),
      sales: (events) => push(events.map((event) => ({ kind: 'sale', event }))),
      deadLetter: (topic, records) => push(records.map((deadLetter) => ({ kind: 'reject', topic, deadLetter }))),
    };
    const running = run(emitter, signal).then(
      () => void (ended = {}),
      (err: unknown) => void (ended = { err }),
    ).finally(() => wake?.());
    try {
      for (;;) {
        if (queue.length > 0) {
          const batch = queue.splice(0);
          room?.();
          yield* batch;
          continue;
        }
        if (ended) {
          if (ended.err !== undefined) throw ended.err;
          return;
        }
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      stop.abort();
      room?.();
      await running;
    }
  }
  const source: Source = { [Symbol.asyncIterator]: items };
  if (opts.progress) source.progress = opts.progress;
  return source;
}
