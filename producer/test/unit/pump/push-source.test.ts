import { makeDeadLetter, type QuoteEvent } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { pushSource } from '../../../src/pump/push-source.js';
import type { SourceItem } from '../../../src/pump/source.js';

const q = (i: number): QuoteEvent => ({ v: 1, symbol: 'AAPL', ts: 1_767_000_000_000 + i, price: 100 + i, volume: 0, source: 'yahoo' });

async function take(it: AsyncIterator<SourceItem>, n: number): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('pushSource', () => {
  it('turns emitted quotes, sales and dead letters into items, in order, and ends when run returns', async () => {
    const dl = makeDeadLetter('invalid_value', 'bad', '{}', {}, 1);
    const src = pushSource(
      async (emit) => {
        await emit.quotes([q(1), q(2)]);
        await emit.deadLetter('quotes', [dl]);
        await emit.quotes([q(3)]);
      },
      { signal: new AbortController().signal },
    );
    const items: SourceItem[] = [];
    for await (const item of src) items.push(item);
    expect(items).toEqual([
      { kind: 'quote', event: q(1) },
      { kind: 'quote', event: q(2) },
      { kind: 'reject', topic: 'quotes', deadLetter: dl },
      { kind: 'quote', event: q(3) },
    ]);
  });

  it('holds the emitter while highWater items wait (back-pressure)', async () => {
    let emitted = 0;
    const src = pushSource(
      async (emit, signal) => {
        for (let i = 0; !signal.aborted; i++) {
          await emit.quotes([q(i)]);
          emitted++;
        }
      },
      { signal: new AbortController().signal, highWater: 10 },
    );
    const it = src[Symbol.asyncIterator]();
    await take(it, 1);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(emitted).toBeLessThanOrEqual(11);
    await it.return?.();
  });

  it('aborts run when the consumer stops, and surfaces run errors', async () => {
    let stopped = false;
    const src = pushSource(
      async (emit, signal) => {
        await emit.quotes([q(1)]);
        await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
        stopped = true;
      },
      { signal: new AbortController().signal },
    );
    const it = src[Symbol.asyncIterator]();
    await take(it, 1);
    await it.return?.();
    expect(stopped).toBe(true);

    const failing = pushSource(async () => Promise.reject(new Error('yahoo down for good')), { signal: new AbortController().signal });
    await expect(take(failing[Symbol.asyncIterator](), 1)).rejects.toThrow('yahoo down for good');
  });

  it('ends when the outer signal aborts a waiting run', async () => {
    const abort = new AbortController();
    const src = pushSource((_, signal) => new Promise<void>((r) => signal.addEventListener('abort', () => r())), { signal: abort.signal });
    const it = src[Symbol.asyncIterator]();
    const next = it.next();
    abort.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });
});
