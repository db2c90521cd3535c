import { describe, expect, it } from 'vitest';
import { zoneFrom } from '../../../../src/replay/core/dates.js';
import type { FieldSpec, Rejection, Values } from '../../../../src/replay/core/mapping.js';
import { RecordMapper } from '../../../../src/replay/core/record-mapper.js';

const fields: FieldSpec[] = [
  { key: 'id', kind: 'string', column: 'Id', flag: '--id-column' },
  { key: 'price', kind: 'number', column: 'Price' },
  { key: 'currency', kind: 'string', column: 'Ccy', fixed: 'EUR' },
  { key: 'note', kind: 'string', column: 'Note', optional: true },
];
const build = (v: Values): Values | Rejection => (v.id === 'bad' ? { reason: 'invalid_value', error: 'id: bad' } : v);
const mapper = () => new RecordMapper<Values>({ decimal: '.', dateFormat: 'iso', zone: zoneFrom('UTC')!, fields, build });

describe('RecordMapper', () => {
  it('refuses a header without a required column, naming what it has', () => {
    expect(mapper().setHeader(['Price', ' Ccy '])).toEqual({ ok: false, error: 'column "Id" (--id-column) is not in the header; the header has "Price", "Ccy"' });
    expect(mapper().setHeader(['X'])).toEqual({ ok: false, error: 'column "Id" (--id-column) is not in the header; column "Price" is not in the header; the header has "X"' });
  });

  it('trims the header and reports fields that fall back to their default', () => {
    expect(mapper().setHeader([' Id', 'Price '])).toEqual({ ok: true, columns: ['Id', 'Price'], defaulted: [{ key: 'currency', column: 'Ccy', value: 'EUR' }] });
    expect(mapper().setHeader(['Id', 'Price', 'Ccy'])).toEqual({ ok: true, columns: ['Id', 'Price', 'Ccy'], defaulted: [] });
    const noColumn = new RecordMapper<Values>({ decimal: '.', dateFormat: 'iso', zone: zoneFrom('UTC')!, fields: [{ key: 'source', kind: 'string', fixed: 'file' }], build });
    expect(noColumn.setHeader(['Id'])).toEqual({ ok: true, columns: ['Id'], defaulted: [{ key: 'source', column: undefined, value: 'file' }] });
  });

  it('maps CSV rows by header position and counts events and rejections by reason', () => {
    const m = mapper();
    expect(() => m.csv(['a'])).toThrow('csv() before setHeader()');
    m.setHeader(['Price', 'Id', 'Ccy']);
    expect(m.csv(['1.5', 'a', ''])).toEqual({ id: 'a', price: 1.5, currency: 'EUR' });
    expect(m.csv(['2', 'b', 'USD'])).toEqual({ id: 'b', price: 2, currency: 'USD' });
    expect(m.csv(['1', 'a', 'EUR', 'x'])).toEqual({ reason: 'extra_columns', error: 'row has 4 fields, the header 3' });
    expect(m.csv(['1'])).toEqual({ reason: 'missing_column', error: 'column 2 "Id" is missing (row has 1 of 3 fields)' });
    expect(m.csv(['x', 'a'])).toEqual({ reason: 'bad_number', error: 'column 1 "Price": "x" is not a number (decimal mark ".")' });
    expect(m.csv(['3', 'bad', ''])).toEqual({ reason: 'invalid_value', error: 'id: bad' });
    expect(m.unreadable('quote at 3:7')).toEqual({ reason: 'bad_quotes', error: 'quote at 3:7' });
    expect(m.stats).toEqual({ rows: 7, events: 2, rejected: 5, byReason: { extra_columns: 1, missing_column: 1, bad_number: 1, invalid_value: 1, bad_quotes: 1 } });
  });

  it('accepts a row with exactly the header width', () => {
    const m = mapper();
    m.setHeader(['Id', 'Price']);
    expect(m.csv(['a', '1'])).toEqual({ id: 'a', price: 1, currency: 'EUR' });
  });

  it('a dotted path never reads into a string: not its characters, not its length', () => {
    const paths: FieldSpec[] = [{ key: 'id', kind: 'string', column: 's.0' }, { key: 'n', kind: 'number', column: 's.length', optional: true }];
    const m = new RecordMapper<Values>({ decimal: '.', dateFormat: 'iso', zone: zoneFrom('UTC')!, fields: paths, build });
    expect(m.json('{"s":"AAPL"}')).toEqual({ reason: 'missing_column', error: 'column "s.0" is missing' });
    expect(m.json('{"s":{"0":"A"}}')).toEqual({ id: 'A' });
  });

  it('maps JSON lines by flat key first, then dotted path; rejects what is not an object', () => {
    const dotted: FieldSpec[] = [{ key: 'id', kind: 'string', column: 'a.b' }, { key: 'price', kind: 'number', column: 'p.q.r' }];
    const m = new RecordMapper<Values>({ decimal: '.', dateFormat: 'iso', zone: zoneFrom('UTC')!, fields: dotted, build });
    expect(m.json('{"a.b":"flat","a":{"b":"nested"},"p":{"q":{"r":4}}}')).toEqual({ id: 'flat', price: 4 });
    expect(m.json('{"a":{"b":"nested"},"p":{"q":{"r":"5"}}}')).toEqual({ id: 'nested', price: 5 });
    expect(m.json('{"a":{"b":"x"},"p":{"q":null}}')).toEqual({ reason: 'missing_column', error: 'column "p.q.r" is missing' });
    expect(m.json('{"a":{"b":"x"},"p":7}')).toEqual({ reason: 'missing_column', error: 'column "p.q.r" is missing' });
    expect(m.json('{"a":{"b":"x"},"p":{"q":{}}}')).toEqual({ reason: 'missing_column', error: 'column "p.q.r" is missing' });
    expect(m.json('{"a":{"b":"x"},"p":{"q":{"r":null}}}')).toEqual({ reason: 'empty_value', error: 'column "p.q.r" is empty' });
    expect(m.json('[1]')).toEqual({ reason: 'not_json', error: 'line is not a JSON object' });
    expect(m.json('null')).toEqual({ reason: 'not_json', error: 'line is not a JSON object' });
    expect(m.json('3')).toEqual({ reason: 'not_json', error: 'line is not a JSON object' });
    expect(m.json('{bad')).toMatchObject({ reason: 'not_json', error: expect.stringMatching(/position 1/) }); // the parser's own message
    expect(m.stats).toEqual({ rows: 10, events: 2, rejected: 8, byReason: { missing_column: 3, empty_value: 1, not_json: 4 } });
  });
});
