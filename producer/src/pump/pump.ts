import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Batch, type BatchCounts } from './batch.js';
import { systemClock, type Clock } from './clock.js';
import { PACING_SLACK_MS, PUMP_DEFAULTS, type PumpOptions } from './options.js';
import { Pacer } from './pacer.js';
import { progressTracker, type ProgressOutput } from './progress.js';
import type { Sink } from './sink.js';
import type { Source, SourceItem } from './source.js';

export interface PumpResult extends Omit<BatchCounts, 'bytes'> {
  /** Events acknowledged by the sink, all kinds. */
  sent: number;
  bytes: number;
  batches: number;
  /** True when the signal stopped the pump before the source ended. */
  aborted: boolean;
  ms: number;
}

export interface PumpDeps {
  clock?: Clock;
  /** Progress reports; none when undefined. */
  progress?: ProgressOutput;
}

/**
 * The producer's one send loop: pulls items from a source, paces them, batches them by count
 * and bytes, and hands each batch to the sink. One send at a time while the next batch fills
 * (back-pressure: a full batch waits for the send before it); a partly filled batch goes after
 * `lingerMs` or when the source must wait, or right after the send in flight returns, so at
 * most two batches are ever held.
 * On abort the items already pulled are sent, the source is closed and the pump returns.
 */
export async function pump(source: Source, sink: Sink, signal: AbortSignal, options: Partial<PumpOptions> = {}, deps: PumpDeps = {}): Promise<PumpResult> {
  const o = { ...PUMP_DEFAULTS, ...options };
  const clock = deps.clock ?? systemClock;
  const pacer = new Pacer(o.speed, o.maxRate);
  const started = clock.now();
  const result: PumpResult = { sent: 0, quotes: 0, sales: 0, rejects: 0, bytes: 0, batches: 0, aborted: false, ms: 0 };
  let batch = new Batch(o.maxBatchCount, o.maxBatchBytes);
  let inFlight: Promise<void> = Promise.resolve();
  let sending = false;
  /** A flush was asked while a send was in flight: the filling batch goes as soon as it returns. */
  let again = false;
  let failure: { err: unknown } | undefined;
  /** Aborted when a send fails, so a pacing sleep ends at once instead of after the wait. */
  const failed = new AbortController();
  let linger: NodeJS.Timeout | undefined;

  const startSend = (): void => {
    const b = batch;
    batch = new Batch(o.maxBatchCount, o.maxBatchBytes);
    sending = true;
    again = false;
    inFlight = (async () => {
      try {
        if (failure) return;
        await sink.send(b.records);
        result.sent += b.size;
        result.quotes += b.counts.quotes;
        result.sales += b.counts.sales;
        result.rejects += b.counts.rejects;
        result.bytes += b.counts.bytes;
        result.batches++;
      } catch (err) {
        failure ??= { err };
        failed.abort();
      } finally {
        sending = false;
        // In the same step: nothing can start another send between this one and its follow-up.
        if (again && !failure && batch.size > 0) startSend();
      }
    })();
  };
  /**
   * Sends the filling batch now, or (a send in flight) as soon as that send returns. Never a
   * second send queued behind the first: events due while a send is out join the next batch,
   * so a slow broker means bigger batches, not a growing queue of small ones.
   */
  const flush = (): void => {
    clearTimeout(linger);
    linger = undefined;
    if (batch.size === 0) return;
    if (sending) again = true;
    else startSend();
  };
  /** Resolves once every admitted item was sent (or a send failed). */
  const settle = async (): Promise<void> => {
    for (;;) {
      flush();
      await inFlight;
      if (failure || (!sending && batch.size === 0)) return;
    }
  };
  const rethrow = (): void => {
    if (failure) throw failure.err;
  };

  const figures = progressTracker();
  const report = (): void => {
    deps.progress?.report(figures({ sent: result.sent, source: source.progress?.(), elapsedMs: clock.now() - started }));
  };
  const progressTimer = deps.progress ? setInterval(report, o.progressMs) : undefined;
  progressTimer?.unref();

  const it = source[Symbol.asyncIterator]();
  try {
    while (!signal.aborted) {
      const next = await it.next();
      if (next.done) break;
      rethrow();
      const item = next.value;
      if (pacer.paced) {
        const wait = pacer.dueAt(eventTime(item), clock.now()) - clock.now();
        if (wait > PACING_SLACK_MS) {
          flush(); // what is due goes now (or right after the send in flight), not after the sleep
          await clock.sleep(wait, AbortSignal.any([signal, failed.signal]));
          rethrow(); // a send failed while we waited
          // Aborted while waiting: the item was pulled, so it is still sent (nothing lost).
        }
      }
      await admit(item);
    }
    result.aborted = signal.aborted;
    await settle();
    rethrow();
  } finally {
    clearTimeout(linger);
    clearInterval(progressTimer);
    await it.return?.().catch(() => undefined);
    await settle(); // also when the source threw: what it yielded before is still sent
    if (deps.progress) {
      report();
      deps.progress.end();
    }
    result.ms = clock.now() - started;
  }
  return result;

  async function admit(item: SourceItem): Promise<void> {
    const record = sink.encode(item);
    const bytes = Batch.bytesOf(record);
    if (!batch.fits(bytes)) await sendFull();
    batch.add(item, record, bytes);
    // 0 = no waiting for more: the batch goes as soon as the source has nothing ready.
    if (batch.size === 1) linger = setTimeout(flush, o.lingerMs);
    if (batch.full) await sendFull();
  }

  async function sendFull(): Promise<void> {
    // Back-pressure: one batch in flight, one filling; a full one waits for the send before it.
    const full = batch;
    while (sending && batch === full) await inFlight;
    rethrow();
    if (batch === full) flush();
    await yieldToLoop(); // let signals and timers in, even when the sink answers at once
  }
}

function eventTime(item: SourceItem): number | undefined {
  return item.kind === 'reject' ? undefined : item.event.ts;
}
