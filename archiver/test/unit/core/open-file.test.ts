import { describe, expect, it } from 'vitest';
import { OpenFile } from '../../../src/core/open-file.js';

describe('OpenFile', () => {
  const hour = Date.UTC(2026, 10, 30, 10, 15);
  it('rolls on size or age, never when empty', () => {
    const f = new OpenFile('t', 'sale', 0, 10n, hour, 1000);
    expect(f.empty).toBe(true);
    expect(f.shouldRoll(1, 1, 1e12)).toBe(false);
    f.advance(10n, 500);
    expect(f.shouldRoll(1000, 60_000, 1000)).toBe(false);
    expect(f.shouldRoll(500, 60_000, 1000)).toBe(true);
    expect(f.shouldRoll(1000, 60_000, 61_000)).toBe(true);
    expect(f.last).toBe(10n);
  });
  it('measures age from when the file was opened (a wall-clock time)', () => {
    const f = new OpenFile('t', 'sale', 0, 10n, hour, hour);
    f.advance(10n, 1);
    expect(f.shouldRoll(1000, 60_000, hour + 59_999)).toBe(false);
    expect(f.shouldRoll(1000, 60_000, hour + 60_000)).toBe(true);
  });
  it('tells records of another UTC hour apart and collects the clean files\' event dates', () => {
    const f = new OpenFile('t', 'sale', 0, 0n, hour, 0);
    expect(f.isOtherHour(hour + 40 * 60_000)).toBe(false);
    expect(f.isOtherHour(hour + 50 * 60_000)).toBe(true);
    expect(f.isOtherHour(hour + 86_400_000)).toBe(true);
    f.add('a', '2026-11-29');
    f.add('b');
    f.add('c', '2026-11-30');
    f.add('d', '2026-11-29');
    expect(f.lines).toEqual(['a', 'b', 'c', 'd']);
    expect([...f.cleanDates]).toEqual(['2026-11-29', '2026-11-30']);
  });
});
