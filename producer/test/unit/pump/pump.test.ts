import { sleep } from '@tickflow/common';
import { makeDeadLetter, type QuoteEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { Batch } from '../../../src/pump/batch.js';
import { pump } from '../../../src/pump/pump.js';
import type { OutRecord } from '../../../src/pump/sink.js';
import type { Source, SourceItem } from '../../../src/pump/source.js';
import { FakeClock } from '../../support/fake-clock.js';
import { MemorySink } from '../../support/memory-sink.js';

const T0 = Date.UTC(2026, 0, 5);
const quote = (i: number, ts = T0 + i * 1000): SourceItem => ({ kind: 'quote', event: { v: 1, symbol: `S${i % 7}`, ts, price: 100 + i, volume: i, source: 'sim' } });
const priceOf = (r: OutRecord): number => (JSON.parse(r.value) as QuoteEvent).price;

/** A source over `items` that counts pulls and records whether it was closed. */
function counted(items: Iterable<SourceItem>): Source & { pulled: number; closed: boolean } {
  const src = {
    pulled: 0,
    closed: false,
    async *[Symbol.asyncIterator]() {
      try {
        for (const item of items) {
          src.pulled++;
          yield item;
        }
      } finally {
        src.closed = true;
      }
    },
  };
  return src;
}

function* quotes(n = Infinity): Generator<SourceItem> {
  for (let i = 0; i < n; i++) yield quote(i);
}

/** Resolves on the next macrotask: lets the pump run as far as it can. */
const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

describe('pump pacing', () => {
  it('sends each event when its event-time gap / speed has passed on the clock', async () => {
    const clock = new FakeClock(1_000_000);
    const sink = new (class extends MemorySink {
      readonly at: number[] = [];
      override async send(records: readonly OutRecord[]): Promise<void> {
        this.at.push(clock.now() - 1_000_000);
        await super.send(records);
      }
    })();
    // Events 1 s apart (event time) at speed 10: one every 100 ms of wall time.
    const r = await pump(counted(quotes(11)), sink, new AbortController().signal, { speed: 10, lingerMs: 0 }, { clock });
    expect(sink.at).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(sink.batches.map((b) => b.length)).toEqual(Array(11).fill(1));
    expect(r).toMatchObject({ sent: 11, quotes: 11, aborted: false });
    expect(clock.t - 1_000_000).toBe(1000);
  });

  it('keeps spacing from the first event whatever the absolute times, and batches events due together', async () => {
    const clock = new FakeClock(0);
    const sink = new MemorySink();
    // Three ticks of 4 symbols each, 60 s apart, at speed 60: a tick per second, one send per tick.
    const items = [0, 1, 2].flatMap((tick) => [0, 1, 2, 3].map((s) => quote(tick * 4 + s, T0 + tick * 60_000)));
    await pump(counted(items), sink, new AbortController().signal, { speed: 60, lingerMs: 0 }, { clock });
    expect(sink.batches.map((b) => b.length)).toEqual([4, 4, 4]);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('caps the rate: 50 events at --max-rate 100 take half a second of clock time', async () => {
    const clock = new FakeClock(0);
    const sink = new MemorySink();
    await pump(counted(quotes(50)), sink, new AbortController().signal, { maxRate: 100, lingerMs: 0 }, { clock });
    expect(sink.quoteEvents).toHaveLength(50);
    expect(clock.t).toBe(490); // the 50th event is due 49 intervals of 10 ms after the first
  });

  it('makes up for late timers: the rate holds when every sleep overshoots', async () => {
    const clock = new (class extends FakeClock {
      override async sleep(ms: number, signal: AbortSignal): Promise<void> {
        await super.sleep(ms + 7, signal); // a busy machine wakes us 7 ms late every time
      }
    })(0);
    const sink = new MemorySink();
    await pump(counted(quotes(200)), sink, new AbortController().signal, { maxRate: 100, lingerMs: 0 }, { clock });
    expect(sink.quoteEvents).toHaveLength(200);
    // 199 slots of 10 ms; late wake-ups are caught up by sending the overdue events together.
    expect(clock.t).toBeLessThanOrEqual(1990 + 7 + 10);
    expect(clock.t).toBeGreaterThanOrEqual(1990);
  });
});

describe('pump back-pressure', () => {
  it('pulls at most one batch beyond the one in flight while the sink is slow, then delivers all in order', async () => {
    const gates: (() => void)[] = [];
    const sink = new (class extends MemorySink {
      override async send(records: readonly OutRecord[]): Promise<void> {
        await new Promise<void>((r) => gates.push(r));
        await super.send(records);
      }
    })();
    const src = counted(quotes(1000));
    const run = pump(src, sink, new AbortController().signal, { maxBatchCount: 100, lingerMs: 0 });
    await settle();
    expect(gates).toHaveLength(1); // one send in flight, never two
    expect(src.pulled).toBeLessThanOrEqual(201); // 100 in flight + 100 filling (+ the one that found the batch full)
    const pulledWhileStuck = src.pulled;
    await settle();
    expect(src.pulled).toBe(pulledWhileStuck);
    while (sink.quoteEvents.length < 1000) {
      gates.shift()?.();
      await settle(5);
    }
    const r = await run;
    expect(r.sent).toBe(1000);
    expect(sink.quoteEvents.map((q) => q.price)).toEqual(Array.from({ length: 1000 }, (_, i) => 100 + i));
  });

  it('paced events due while a send is in flight join ONE next batch, not a queue of small sends', async () => {
    // A slow broker at a steady rate: each pacing wait would cut a batch of one. Queued behind the
    // send in flight, those batches each cost a round trip, so the pump falls behind the rate.
    const clock = new FakeClock(0);
    let release!: () => void;
    const sink = new (class extends MemorySink {
      override async send(records: readonly OutRecord[]): Promise<void> {
        if (this.batches.length === 0) await new Promise<void>((r) => (release = r));
        await super.send(records);
      }
    })();
    const items = Array.from({ length: 10 }, (_, i) => quote(i, T0 + i * 5)); // 5 ms apart
    const run = pump(counted(items), sink, new AbortController().signal, { speed: 1, lingerMs: 0 }, { clock });
    await settle();
    expect(sink.batches).toHaveLength(0); // the first send (event 0) is still out
    release();
    const r = await run;
    expect(sink.batches.map((b) => b.length)).toEqual([1, 9]);
    expect(r).toMatchObject({ sent: 10, batches: 2 });
    expect(sink.quoteEvents.map((q) => q.ts)).toEqual(items.map((i) => (i.kind === 'quote' ? i.event.ts : 0)));
  });

  it('a send that fails while a follow-up batch waits: the pump fails with it and the follow-up is never sent', async () => {
    const clock = new FakeClock(0);
    let fail!: (e: Error) => void;
    const sink = new (class extends MemorySink {
      override async send(records: readonly OutRecord[]): Promise<void> {
        if (this.batches.length === 0) {
          this.batches.push([...records]);
          await new Promise<void>((_, reject) => (fail = reject));
        }
        await super.send(records);
      }
    })();
    const items = Array.from({ length: 5 }, (_, i) => quote(i, T0 + i * 5));
    const run = pump(counted(items), sink, new AbortController().signal, { speed: 1, lingerMs: 0 }, { clock });
    await settle();
    fail(new Error('broker down'));
    await expect(run).rejects.toThrow('broker down');
    expect(sink.batches).toHaveLength(1); // only the failed one was attempted
    expect(sink.quoteEvents).toHaveLength(0);
  });

  it('a send that fails during a long pacing wait ends the pump at once, not after the wait', async () => {
    // A clock whose sleeps only end on abort: without the failure waking it, the pump would hang.
    const clock = { now: () => 0, sleep: (_ms: number, signal: AbortSignal) => new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true })) };
    const sink = new (class extends MemorySink {
      override async send(): Promise<void> {
        await new Promise((r) => setImmediate(r));
        throw new Error('not authorised');
      }
    })();
    const items = [quote(0, T0), quote(1, T0 + 86_400_000)]; // daily data at --speed 1
    await expect(pump(counted(items), sink, new AbortController().signal, { speed: 1, lingerMs: 0 }, { clock })).rejects.toThrow('not authorised');
  });

  it('a source that throws: what it yielded before is still sent, then the pump fails with its error', async () => {
    const sink = new MemorySink();
    const src: Source = {
      async *[Symbol.asyncIterator]() {
        yield quote(0);
        yield quote(1);
        yield quote(2);
        throw new Error('file truncated');
      },
    };
    await expect(pump(src, sink, new AbortController().signal, { lingerMs: 60_000 })).rejects.toThrow('file truncated');
    expect(sink.batches.flat().map(priceOf)).toEqual([100, 101, 102]);
  });

  it('a failed send stops the pump with that error and closes the source', async () => {
    const sink = new (class extends MemorySink {
      override async send(): Promise<void> {
        throw new Error('broker says no');
      }
    })();
    const src = counted(quotes(1000));
    await expect(pump(src, sink, new AbortController().signal, { maxBatchCount: 10, lingerMs: 0 })).rejects.toThrow('broker says no');
    expect(src.closed).toBe(true);
    expect(src.pulled).toBeLessThan(50);
  });
});

describe('pump stop', () => {
  it('stops mid-batch: every item pulled is sent exactly once, in order, and the source is closed', async () => {
    const abort = new AbortController();
    const src = counted(
      (function* () {
        for (const item of quotes()) {
          if (item.kind === 'quote' && item.event.price === 100 + 249) abort.abort(); // 2.5 batches in
          yield item;
        }
      })(),
    );
    const sink = new MemorySink();
    const r = await pump(src, sink, abort.signal, { maxBatchCount: 100, lingerMs: 0 });
    expect(r).toMatchObject({ aborted: true, sent: 250 });
    expect(src.pulled).toBe(250);
    expect(src.closed).toBe(true);
    const prices = sink.batches.flat().map(priceOf);
    expect(prices).toEqual(Array.from({ length: 250 }, (_, i) => 100 + i));
    expect(sink.batches.map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('stops while a send is in flight: that batch completes, the filling one follows, nothing twice', async () => {
    const abort = new AbortController();
    const gates: (() => void)[] = [];
    const sink = new (class extends MemorySink {
      override async send(records: readonly OutRecord[]): Promise<void> {
        await new Promise<void>((r) => gates.push(r));
        await super.send(records);
      }
    })();
    const src = counted(quotes());
    const run = pump(src, sink, abort.signal, { maxBatchCount: 100, lingerMs: 0 });
    await settle();
    abort.abort();
    while (gates.length > 0 || sink.batches.length === 0) {
      gates.shift()?.();
      await settle(5);
    }
    const r = await run;
    const prices = sink.batches.flat().map(priceOf);
    expect(r.aborted).toBe(true);
    expect(prices).toHaveLength(src.pulled);
    expect(new Set(prices).size).toBe(prices.length);
    expect(prices).toEqual(Array.from({ length: src.pulled }, (_, i) => 100 + i));
  });

  it('stops a paced source while it waits for the next event', async () => {
    const abort = new AbortController();
    const sink = new MemorySink();
    // Real clock, speed 1, events an hour apart: the pump sleeps, the abort wakes it.
    const run = pump(counted([0, 1, 2].map((i) => quote(i, T0 + i * 3_600_000))), sink, abort.signal, { speed: 1, lingerMs: 0 });
    await settle();
    abort.abort();
    const r = await run;
    expect(r.aborted).toBe(true);
    // The first, and the one it was waiting for (pulled, so sent); never the third.
    expect(sink.quoteEvents.map((q) => q.ts)).toEqual([T0, T0 + 3_600_000]);
  });
});

describe('pump batch bounds', () => {
  it('never exceeds the record count or the byte bound, and keeps order', async () => {
    const items: SourceItem[] = Array.from({ length: 400 }, (_, i) => ({
      kind: 'reject',
      topic: 'quotes',
      deadLetter: makeDeadLetter('parse_error', `row ${i}`, 'x'.repeat((i * 37) % 900), { line: i }, T0),
    }));
    const sink = new MemorySink();
    await pump(counted(items), sink, new AbortController().signal, { maxBatchCount: 25, maxBatchBytes: 8000, lingerMs: 0 });
    for (const b of sink.batches) {
      expect(b.length).toBeLessThanOrEqual(25);
      expect(b.reduce((n, r) => n + Batch.bytesOf(r), 0)).toBeLessThanOrEqual(8000);
    }
    expect(sink.batches.some((b) => b.length < 25)).toBe(true); // bytes bound, not only count
    expect(sink.deadLetters.map((d) => d.record.source.line)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('a partly filled batch goes after lingerMs while the source waits', async () => {
    const sink = new MemorySink();
    let release!: () => void;
    const src: Source = {
      async *[Symbol.asyncIterator]() {
        yield quote(0);
        yield quote(1);
        await new Promise<void>((r) => (release = r)); // e.g. a poller between polls
        yield quote(2);
      },
    };
    const run = pump(src, sink, new AbortController().signal, { lingerMs: 5 });
    while (sink.batches.length === 0) await sleep(5);
    expect(sink.batches.map((b) => b.length)).toEqual([2]);
    release();
    await run;
    expect(sink.batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('lingerMs 0: a partly filled batch goes as soon as the source has nothing ready (not with the next event)', async () => {
    const sink = new MemorySink();
    let release!: () => void;
    const src: Source = {
      async *[Symbol.asyncIterator]() {
        yield quote(0);
        await new Promise<void>((r) => (release = r)); // a poller waiting an hour for the next poll
        yield quote(1);
      },
    };
    const run = pump(src, sink, new AbortController().signal, { lingerMs: 0 });
    while (sink.batches.length === 0) await sleep(5);
    expect(sink.batches.map((b) => b.length)).toEqual([1]);
    release();
    await run;
    expect(sink.batches.map((b) => b.length)).toEqual([1, 1]);
  });
});
