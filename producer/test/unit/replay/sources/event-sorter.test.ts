import { describe, expect, it } from 'vitest';
import { EventSorter } from '../../../../src/replay/sources/event-sorter.js';

/** Events with many equal times, so the tie order (file order) is tested too. */
const events = Array.from({ length: 5000 }, (_, i) => ({ ts: 1_700_000_000_000 + ((i * 7919) % 97) * 1000, id: i }));

async function drain<T extends { ts: number }>(s: EventSorter<T>, input: T[]): Promise<T[]> {
  for (const e of input) await s.add(e);
  const out: T[] = [];
  for await (const e of s.sorted()) out.push(e);
  return out;
}

describe('EventSorter', () => {
  const expected = [...events].sort((a, b) => a.ts - b.ts || a.id - b.id);

  it('sorts by time, file order among equal times, in memory', async () => {
    const s = new EventSorter<(typeof events)[number]>({ memoryRows: 10_000, duckdbMemory: '64MB' });
    expect(await drain(s, events)).toEqual(expected);
    expect(s.spilled).toBe(false);
    expect(s.inOrder).toBe(false);
    expect([s.first, s.last]).toEqual([expected[0]!.ts, expected.at(-1)!.ts]);
  });

  it('gives the same order through DuckDB once past memoryRows', async () => {
    const s = new EventSorter<(typeof events)[number]>({ memoryRows: 100, duckdbMemory: '64MB' });
    expect(await drain(s, events)).toEqual(expected);
    expect(s.spilled).toBe(true);
  });

  it('keeps file order when not sorting (still knows the span, for rebasing)', async () => {
    for (const memoryRows of [100, 10_000]) {
      const s = new EventSorter<(typeof events)[number]>({ memoryRows, duckdbMemory: '64MB' }, false);
      expect(await drain(s, events)).toEqual(events);
      expect(s.first).toBe(expected[0]!.ts);
    }
  });
});
