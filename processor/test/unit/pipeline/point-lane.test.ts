import { describe, expect, it } from 'vitest';
import { PointLane, type AckedSegment } from '../../../src/pipeline/point-lane.js';
import { LineBatch } from '../../../src/core/line-batch.js';
import type { LineSink, Refusal } from '../../../src/sinks/sink.js';

/** A sink whose writes complete only when the test says so. */
class ManualSink implements LineSink {
  readonly calls: { lines: string[]; waited: boolean; done: (r?: Refusal<string>[]) => void; fail: (e: Error) => void }[] = [];
  write(batch: LineBatch, waited = false): Promise<readonly Refusal<string>[]> {
    return new Promise((resolve, reject) => this.calls.push({ lines: batch.lines(), waited, done: (r = []) => resolve(r), fail: reject }));
  }
}
const lines = (...l: string[]): LineBatch => LineBatch.of(l);
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('PointLane', () => {
  it('one write in flight; what queues meanwhile goes out together, in order, right after', async () => {
    const sink = new ManualSink();
    const lane = new PointLane(sink, { batchLines: 100 });
    lane.enqueue(lines('a'), '0', [1]);
    await tick();
    lane.enqueue(lines('b'), '1', [2]);
    lane.enqueue(lines('c', 'd'), '2', [3, 4]);
    await tick();
    expect(sink.calls.map((c) => c.lines)).toEqual([['a']]);
    sink.calls[0]?.done();
    await tick();
    expect(sink.calls.map((c) => c.lines)).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('tells the latency metric, per acknowledged segment, its stamps, when it was handled and when its write started', async () => {
    const sink = new ManualSink();
    let clock = 1000;
    const acked: AckedSegment[] = [];
    const lane = new PointLane(sink, { batchLines: 100 }, (a) => acked.push(a), () => clock);
    lane.enqueue(lines('a'), '0', [900]); // written at once
    clock = 1010;
    lane.enqueue(lines('b'), '1', [950, 960]); // waits for the write in flight
    clock = 1030;
    sink.calls[0]?.done(); // the second write starts when the first returns
    await tick();
    clock = 1100;
    sink.calls[1]?.done();
    await tick();
    expect(acked).toEqual([
      { stamps: [900], handledAt: 1000, writtenAt: 1000 },
      { stamps: [950, 960], handledAt: 1010, writtenAt: 1030 },
    ]);
    lane.enqueue(lines(), '2', [1090]); // nothing to write, nothing pending: acknowledged at once
    expect(acked[2]).toEqual({ stamps: [1090], handledAt: 1100, writtenAt: 1100 });
  });

  it('writes at once, at most batchLines lines a write, whole segments (waiting for more is up to the writer)', async () => {
    const sink = new ManualSink();
    const lane = new PointLane(sink, { batchLines: 3 });
    lane.enqueue(lines('a'), '0', []);
    expect(sink.calls.map((c) => c.lines)).toEqual([['a']]); // no timer: the writer lingers
    lane.enqueue(lines('b', 'c'), '1', []);
    lane.enqueue(lines('d', 'e'), '2', []);
    const flushed = lane.flushed();
    sink.calls[0]?.done();
    await tick();
    expect(sink.calls.map((c) => c.lines)).toEqual([['a'], ['b', 'c']]); // 'd','e' would pass batchLines
    sink.calls[1]?.done();
    await tick();
    sink.calls[2]?.done();
    await flushed;
    expect(sink.calls.map((c) => c.lines)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
    // Lines that queued behind a write have waited already: the writer must not make them linger.
    expect(sink.calls.map((c) => c.waited)).toEqual([false, true, true]);
    expect(lane.pending).toBe(0);
  });

  it('flushed(seq) resolves once that segment is acknowledged, not before; refusals keep their offset', async () => {
    const sink = new ManualSink();
    const lane = new PointLane(sink, { batchLines: 1 });
    const s1 = lane.enqueue(lines('a'), '10', []);
    const s2 = lane.enqueue(lines('b'), '11', []);
    let first = false;
    const f1 = lane.flushed(s1).then(() => (first = true));
    await tick();
    expect(first).toBe(false);
    sink.calls[0]?.done([{ item: 'a', error: 'HTTP 400: type conflict' }]);
    await f1;
    expect(lane.takeRefused(s2)).toEqual([{ item: 'a', error: 'HTTP 400: type conflict', offset: '10', seq: s1 }]);
    await tick();
    sink.calls[1]?.done();
    await lane.flushed(s2);
  });

  it('a failed write fails the lane: flushes reject, nothing later is written', async () => {
    const sink = new ManualSink();
    const lane = new PointLane(sink, { batchLines: 10 });
    lane.enqueue(lines('a'), '0', []);
    const f = lane.flushed();
    await tick();
    sink.calls[0]?.fail(new Error('write aborted'));
    await expect(f).rejects.toThrow('write aborted');
    lane.enqueue(lines('b'), '1', []);
    await tick();
    expect(sink.calls).toHaveLength(1);
    expect(lane.failed?.message).toBe('write aborted');
  });
});
