import { describe, expect, it } from 'vitest';
import { zoneFrom, type ZoneResolver } from '../../../../src/replay/core/dates.js';
import { firstIssue, isRejection, readFields, type Cell, type FieldSpec, type ValueOptions } from '../../../../src/replay/core/mapping.js';

const utc = zoneFrom('UTC') as ZoneResolver;
const O: ValueOptions = { decimal: '.', dateFormat: 'auto', zone: utc };
const row = (cells: Record<string, Cell>) => (column: string): Cell => cells[column];
const specs: FieldSpec[] = [
  { key: 'symbol', kind: 'string', column: 'Ticker' },
  { key: 'ts', kind: 'time', column: 'Date' },
  { key: 'price', kind: 'number', column: 'Close' },
  { key: 'volume', kind: 'number', column: 'Volume', optional: true },
];

describe('readFields (hand-checked)', () => {
  it('converts strings (trimmed), numbers and dates from CSV text', () => {
    expect(readFields(specs, row({ Ticker: ' AAPL ', Date: '2024-03-01', Close: '1,234.5', Volume: '10' }), O)).toEqual({
      symbol: 'AAPL', ts: Date.UTC(2024, 2, 1), price: 1234.5, volume: 10,
    });
  });

  it('JSON cells: numbers stay numbers, a number as string field becomes text; epochs by format and magnitude', () => {
    const json = (Date: Cell, dateFormat: ValueOptions['dateFormat'] = 'auto') =>
      readFields(specs, row({ Ticker: 7203, Date, Close: 2.5 }), { ...O, dateFormat });
    expect(json(1_709_251_200)).toEqual({ symbol: '7203', ts: 1_709_251_200_000, price: 2.5 }); // < 1e11 under auto: seconds
    expect(json(100_000_000_000)).toEqual({ symbol: '7203', ts: 100_000_000_000, price: 2.5 }); // 1e11: milliseconds
    expect(json(99_999_999_999)).toMatchObject({ ts: 99_999_999_999_000 });
    expect(json(1_709_251_200, 'epoch-s')).toMatchObject({ ts: 1_709_251_200_000 });
    expect(json(1_709_251_200, 'epoch-ms')).toMatchObject({ ts: 1_709_251_200 }); // not auto: taken as ms
    expect(json(1_709_251_200.4, 'epoch-ms')).toMatchObject({ ts: 1_709_251_200 }); // rounded
    expect(json(1e300, 'epoch-ms')).toEqual({ reason: 'bad_date', error: 'column "Date": "1e+300" is not a date in format epoch-ms' });
  });

  it('a cell of the wrong JSON type is a bad value, shown as JSON', () => {
    expect(readFields(specs, row({ Ticker: 'A', Date: '2024-03-01', Close: true }), O)).toEqual({
      reason: 'bad_number', error: 'column "Close": "true" is not a number (decimal mark ".")',
    });
    expect(readFields(specs, row({ Ticker: 'A', Date: { d: 1 }, Close: 1 }), O)).toEqual({
      reason: 'bad_date', error: 'column "Date": "{"d":1}" is not a date in format auto',
    });
    expect(readFields(specs, row({ Ticker: { s: 1 }, Date: '2024-03-01', Close: 1 }), O)).toMatchObject({ reason: 'bad_number' });
    expect(readFields(specs, row({ Ticker: 'A', Date: '2024-03-01', Close: Number.NaN }), O)).toMatchObject({ reason: 'bad_number' });
  });

  it('missing and empty cells: rejected when required, skipped when optional', () => {
    expect(readFields(specs, row({ Date: '2024-03-01', Close: '1' }), O)).toEqual({ reason: 'missing_column', error: 'column "Ticker" is missing' });
    expect(readFields(specs, row({ Ticker: '  ', Date: '2024-03-01', Close: '1' }), O)).toEqual({ reason: 'empty_value', error: 'column "Ticker" is empty' });
    expect(readFields(specs, row({ Ticker: null, Date: '2024-03-01', Close: '1' }), O)).toEqual({ reason: 'empty_value', error: 'column "Ticker" is empty' });
    expect(readFields(specs, row({ Ticker: 'A', Date: '2024-03-01', Close: '1', Volume: ' ' }), O)).toEqual({ symbol: 'A', ts: Date.UTC(2024, 2, 1), price: 1 });
    expect(readFields(specs, row({ Ticker: 'A', Date: '2024-03-01', Close: '1', Volume: null }), O)).toEqual({ symbol: 'A', ts: Date.UTC(2024, 2, 1), price: 1 });
  });

  it('names the column, the text and the format or decimal mark in conversion errors', () => {
    expect(readFields(specs, row({ Ticker: 'A', Date: '1/2/2020', Close: '1' }), O)).toEqual({ reason: 'bad_date', error: 'column "Date": "1/2/2020" is not a date in format auto' });
    expect(readFields(specs, row({ Ticker: 'A', Date: '2024-03-01', Close: '1,5' }), { ...O, decimal: '.' })).toEqual({
      reason: 'bad_number', error: 'column "Close": "1,5" is not a number (decimal mark ".")',
    });
  });

  it('a field without a column and without a value is missing', () => {
    expect(readFields([{ key: 'symbol', kind: 'string' }], row({}), O)).toMatchObject({ reason: 'missing_column' });
  });
});

describe('isRejection and firstIssue', () => {
  it('a rejection has reason and error and is not an event', () => {
    expect(isRejection({ reason: 'bad_date', error: 'x' })).toBe(true);
    expect(isRejection({ reason: 'bad_date', error: 'x', v: 1 })).toBe(false);
    expect(isRejection({ reason: 'bad_date' })).toBe(false);
    expect(isRejection({ error: 'x' })).toBe(false);
    expect(isRejection(null)).toBe(false);
    expect(isRejection('reason error')).toBe(false);
  });

  it('firstIssue: path joined with dots, "event" for the root, a default without issues', () => {
    expect(firstIssue([{ path: ['a', 0, 'b'], message: 'bad' }, { path: ['c'], message: 'other' }])).toBe('a.0.b: bad');
    expect(firstIssue([{ path: [], message: 'bad' }])).toBe('event: bad');
    expect(firstIssue([])).toBe('invalid event');
  });
});

describe('readFields: fixed fallbacks and positions', () => {
  const ccy: FieldSpec = { key: 'currency', kind: 'string', column: 'Ccy', fixed: 'EUR' };
  it('the fixed value stands in for an absent, null or blank cell, never for a value', () => {
    expect(readFields([ccy], row({}), O)).toEqual({ currency: 'EUR' });
    expect(readFields([ccy], row({ Ccy: null }), O)).toEqual({ currency: 'EUR' });
    expect(readFields([ccy], row({ Ccy: ' ' }), O)).toEqual({ currency: 'EUR' });
    expect(readFields([ccy], row({ Ccy: 'USD' }), O)).toEqual({ currency: 'USD' });
    expect(readFields([{ key: 'currency', kind: 'string', fixed: 'CHF' }], row({ Ccy: 'USD' }), O)).toEqual({ currency: 'CHF' });
  });

  it('a fixed value that does not convert is named by its field and value, not by a column', () => {
    const qty: FieldSpec = { key: 'quantity', kind: 'number', column: 'Qty', fixed: 'one' };
    expect(readFields([qty], row({ Qty: '' }), O)).toEqual({ reason: 'bad_number', error: 'quantity "one": "one" is not a number (decimal mark ".")' });
    expect(readFields([{ key: 'ts', kind: 'time', fixed: 'soon' }], row({}), O)).toEqual({ reason: 'bad_date', error: 'ts "soon": "soon" is not a date in format auto' });
    expect(readFields([{ key: 'x', kind: 'string', fixed: ' ' }], row({}), O)).toEqual({ reason: 'empty_value', error: 'x " " is empty' });
  });

  it('errors name the 1-based column position when the reader knows it', () => {
    const at = (c: string) => (c === 'Close' ? 7 : undefined);
    expect(readFields(specs, row({ Ticker: 'A', Date: '2024-03-01', Close: 'x' }), O, at)).toEqual({ reason: 'bad_number', error: 'column 7 "Close": "x" is not a number (decimal mark ".")' });
    expect(readFields(specs, row({ Ticker: ' ', Date: '2024-03-01', Close: '1' }), O, at)).toEqual({ reason: 'empty_value', error: 'column "Ticker" is empty' });
  });
});
