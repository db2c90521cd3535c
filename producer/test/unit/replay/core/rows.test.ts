import { describe, expect, it } from 'vitest';
import { missingColumns } from '../../../../src/replay/core/mapping.js';
import { barColumns, buildQuote, quoteFields } from '../../../../src/replay/core/quote-row.js';
import { buildSale, saleFields } from '../../../../src/replay/core/sale-row.js';

const sale = {
  orderId: 'A-1', customerId: 'C-9', ts: Date.UTC(2024, 2, 1), category: 'Books', product: 'Atlas', quantity: 3, unitPrice: 12.5,
  currency: 'eur', city: 'Paris', country: 'FR', paymentMethod: 'Cash on-Delivery',
};

describe('sale rows (hand-checked)', () => {
  it('builds the event: amount = quantity × unit price, currency upper-cased, payment method snake_case', () => {
    expect(buildSale(sale)).toEqual({
      v: 1, orderId: 'A-1', customerId: 'C-9', segment: 'consumer', ts: Date.UTC(2024, 2, 1), category: 'Books', product: 'Atlas',
      quantity: 3, unitPrice: 12.5, amount: 37.5, currency: 'EUR', city: 'Paris', country: 'FR', paymentMethod: 'cash_on_delivery',
    });
    expect(buildSale({ ...sale, paymentMethod: 'credit -  card' })).toMatchObject({ paymentMethod: 'credit_card' });
  });

  it('segment labels of real exports map to consumer or business; others are rejected by name', () => {
    const seg = (segment: string) => (buildSale({ ...sale, segment }) as { segment?: string }).segment;
    expect(['Consumer', 'B2C', 'retail', 'Private', 'individual'].map(seg)).toEqual(Array(5).fill('consumer'));
    expect(['Business', 'b2b', 'Corporate', 'company', 'Home Office', 'professional'].map(seg)).toEqual(Array(6).fill('business'));
    expect(buildSale({ ...sale, segment: 'wholesale' })).toEqual({ reason: 'invalid_value', error: 'segment: unknown "wholesale" (consumer|business)' });
  });

  it('a bad value is an invalid_value rejection naming the field', () => {
    expect(buildSale({ ...sale, quantity: 0 })).toEqual({ reason: 'invalid_value', error: 'quantity: Too small: expected number to be >0' });
    expect(buildSale({ ...sale, currency: 12 })).toMatchObject({ reason: 'invalid_value', error: expect.stringMatching(/^currency: /) });
    expect(buildSale({ ...sale, paymentMethod: 12 })).toMatchObject({ reason: 'invalid_value', error: expect.stringMatching(/^paymentMethod: /) });
  });

  it('fields: one per sale field, flags in kebab case (--time-column for ts); optional columns fall back to documented defaults', () => {
    const fields = saleFields({ columns: { orderId: 'Order ID', ts: 'Date' }, fixed: { currency: 'EUR' } });
    expect(fields.map((f) => f.flag)).toEqual([
      '--order-id-column', '--customer-id-column', '--time-column', '--category-column', '--product-column', '--quantity-column',
      '--unit-price-column', '--currency-column', '--city-column', '--country-column', '--payment-method-column', '--segment-column',
    ]);
    expect(fields.find((f) => f.key === 'currency')).toMatchObject({ kind: 'string', fixed: 'EUR' });
    expect(fields.find((f) => f.key === 'ts')).toMatchObject({ kind: 'time', column: 'Date' });
    expect(saleFields({ columns: {} }).filter((f) => f.fixed === undefined).map((f) => f.key)).toEqual(['orderId', 'ts', 'unitPrice', 'currency']);
    // The documented defaults (README, sales-replay): what a row gets without the column.
    expect(Object.fromEntries(saleFields({ columns: {} }).filter((f) => f.fixed !== undefined).map((f) => [f.key, f.fixed]))).toEqual({
      customerId: 'anonymous', category: 'uncategorized', product: 'unknown', quantity: '1', city: 'unknown', country: 'unknown', paymentMethod: 'unknown', segment: 'consumer',
    });
    expect(saleFields({ columns: {}, fixed: { city: 'Lyon' } }).find((f) => f.key === 'city')?.fixed).toBe('Lyon');
    expect(saleFields({ columns: { amount: 'Sales', lineId: 'Row' } }).map((f) => f.key)).toEqual(expect.arrayContaining(['amount', 'lineId']));
    expect(missingColumns(fields, ['Order ID'])).toEqual(['column "Date" (--time-column) is not in the header', '--unit-price-column is required']);
  });
});

describe('quote rows (hand-checked)', () => {
  it('flags name the option that sets each column; a fixed symbol needs no column', () => {
    const fields = quoteFields({ symbol: 'AAPL', timeColumn: 'Date', priceColumn: 'Close', volumeColumn: 'Volume' });
    expect(fields.map((f) => f.flag)).toEqual(['--symbol-column', '--time-column', '--price-column', '--volume-column', '--open-column', '--high-column', '--low-column', undefined]);
    expect(missingColumns(fields, ['Close'])).toEqual(['column "Date" (--time-column) is not in the header']);
    expect(missingColumns(quoteFields({ symbolColumn: 'Sym', timeColumn: 'Date', priceColumn: 'Close' }), ['Date', 'Close'])).toEqual([
      'column "Sym" (--symbol-column) is not in the header',
    ]);
    expect(missingColumns([{ key: 'x', kind: 'string', column: 'X' }], [])).toEqual(['column "X" is not in the header']);
  });

  it('builds a replay quote; currency only when known; volume 0 when absent', () => {
    // Strict: no currency key at all, not `currency: undefined` (`'currency' in event` stays false).
    expect(buildQuote({ symbol: 'AAPL', ts: 1000, price: 2 })).toStrictEqual({ v: 1, symbol: 'AAPL', ts: 1000, price: 2, volume: 0, source: 'replay' });
    expect(buildQuote({ symbol: 'AAPL', ts: 1000, price: 2, volume: 5, currency: 'USD' })).toEqual({ v: 1, symbol: 'AAPL', ts: 1000, price: 2, volume: 5, currency: 'USD', source: 'replay' });
    expect(buildQuote({ symbol: 'AAPL', ts: 1000, price: -2 })).toMatchObject({ reason: 'invalid_value', error: expect.stringMatching(/^price: /) });
  });

  it('carries the bar only when open, high and low are all there; an out-of-order bar is rejected', () => {
    expect(buildQuote({ symbol: 'A', ts: 1, open: 2, high: 3, low: 1, price: 2.5 })).toEqual({ v: 1, symbol: 'A', ts: 1, open: 2, high: 3, low: 1, price: 2.5, volume: 0, source: 'replay' });
    expect(buildQuote({ symbol: 'A', ts: 1, open: 2, high: 3, price: 2.5 })).toStrictEqual({ v: 1, symbol: 'A', ts: 1, price: 2.5, volume: 0, source: 'replay' });
    expect(buildQuote({ symbol: 'A', ts: 1, open: 2, high: 2.2, low: 1, price: 2.5 })).toMatchObject({ reason: 'invalid_value', error: expect.stringMatching(/^high: bar out of order/) });
  });

  it('finds the bar columns beside the close column, in its case', () => {
    expect(barColumns('AAPL.Close')).toEqual({ openColumn: 'AAPL.Open', highColumn: 'AAPL.High', lowColumn: 'AAPL.Low' });
    expect(barColumns('close')).toEqual({ openColumn: 'open', highColumn: 'high', lowColumn: 'low' });
    expect(barColumns('CLOSE')).toEqual({ openColumn: 'OPEN', highColumn: 'HIGH', lowColumn: 'LOW' });
    expect(barColumns('Price')).toBeUndefined();
    expect(barColumns('Adj Close')).toEqual({ openColumn: 'Adj Open', highColumn: 'Adj High', lowColumn: 'Adj Low' });
  });
});
