import { describe, expect, it } from 'vitest';
import { Counters } from '../../../src/core/counters.js';

describe('Counters', () => {
  it('counts by name from 0, by 1 or by a given amount, and snapshots a plain object', () => {
    const c = new Counters();
    expect(c.get('sent')).toBe(0);
    c.inc('sent');
    c.inc('sent', 4);
    c.inc('yahoo_429');
    expect(c.get('sent')).toBe(5);
    expect(c.snapshot()).toEqual({ sent: 5, yahoo_429: 1 });
  });
});
