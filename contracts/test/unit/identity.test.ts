import { describe, expect, it } from 'vitest';
import { quoteKey, saleKey } from '../../src/identity.js';

describe('event identity', () => {
  it('keys a sale by its order line: lines of one order differ, a re-sent line is equal', () => {
    expect(saleKey({ orderId: 'o1', lineId: '1' })).not.toBe(saleKey({ orderId: 'o1', lineId: '2' }));
    expect(saleKey({ orderId: 'o1', lineId: '1' })).toBe(saleKey({ orderId: 'o1', lineId: '1' }));
    expect(saleKey({ orderId: 'o1', lineId: '1' })).toBe('o1\u00001');
  });

  it('keys a whole order (no lineId) by its order id alone, distinct from any of its lines', () => {
    expect(saleKey({ orderId: 'o1' })).toBe('o1');
    expect(saleKey({ orderId: 'o1' })).not.toBe(saleKey({ orderId: 'o1', lineId: '' }));
  });

  it('keys a quote by symbol and event time', () => {
    expect(quoteKey({ symbol: 'AAPL', ts: 5 })).toBe('AAPL@5');
    expect(quoteKey({ symbol: 'AAPL', ts: 5 })).not.toBe(quoteKey({ symbol: 'AAPL', ts: 6 }));
  });
});
