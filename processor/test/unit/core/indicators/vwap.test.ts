import { describe, expect, it } from 'vitest';
import { Vwap } from '../../../../src/core/indicators/vwap.js';
import { expectRestoreIsExact } from '../../../support/state.js';

const DAY1 = Date.UTC(2024, 2, 4); // Monday 2024-03-04T00:00:00Z
const DAY2 = DAY1 + 86_400_000;
const H = 3_600_000;

describe('Vwap', () => {
  it('is sum(price*volume)/sum(volume) within a UTC day', () => {
    const v = new Vwap();
    expect(v.update(10, 100, DAY1 + 9 * H)).toBe(10);
    expect(v.update(20, 300, DAY1 + 10 * H)).toBe(17.5); // (1000 + 6000) / 400
    expect(v.update(12, 0, DAY1 + 11 * H)).toBe(17.5); // no volume: unchanged
    expect(v.update(5, 600, DAY1 + 12 * H)).toBe(10); // (7000 + 3000) / 1000
  });

  it('is undefined until some volume has traded in the session', () => {
    const v = new Vwap();
    expect(v.update(10, 0, DAY1 + H)).toBeUndefined();
    expect(v.update(11, 0, DAY1 + 2 * H)).toBeUndefined();
    expect(v.update(12, 2, DAY1 + 3 * H)).toBe(12);
  });

  it('resets at midnight UTC: the last millisecond of a day still counts, the first of the next does not', () => {
    const v = new Vwap();
    v.update(10, 100, DAY1 + 9 * H);
    expect(v.update(30, 100, DAY2 - 1)).toBe(20); // (1000 + 3000) / 200, same day
    expect(v.update(50, 100, DAY2)).toBe(50); // new session: only this tick
    expect(v.update(40, 300, DAY2 + H)).toBe(42.5); // (5000 + 12000) / 400
    expect(v.update(99, 0, DAY2 + 86_400_000)).toBeUndefined(); // next day, nothing traded yet
  });

  it('restores from JSON state and continues bit-identically, across a day boundary', () => {
    const ticks = Array.from({ length: 40 }, (_, i) => ({ p: 100 + Math.sin(i) * 7.3, vol: (i * 37) % 11, ts: DAY1 + i * 2 * H }));
    for (const split of [0, 3, 11, 12, 13, 30]) {
      expectRestoreIsExact(() => new Vwap(), Vwap.restore, (v, t: (typeof ticks)[number]) => v.update(t.p, t.vol, t.ts), ticks, split);
    }
  });
});
