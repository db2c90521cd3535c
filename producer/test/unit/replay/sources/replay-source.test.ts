import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateFormatFrom, zoneFrom } from '../../../../src/replay/core/dates.js';
import { RecordMapper } from '../../../../src/replay/core/record-mapper.js';
import { buildQuote, quoteFields } from '../../../../src/replay/core/quote-row.js';
import { buildSale, saleFields } from '../../../../src/replay/core/sale-row.js';
import type { SourceItem } from '../../../../src/pump/source.js';
import { replaySource } from '../../../../src/replay/sources/replay-source.js';

const MALFORMED = resolve(import.meta.dirname, '../../../fixtures/replay/malformed.csv');
const FILE = resolve(import.meta.dirname, '../../../fixtures/replay/real-export-unsorted.csv');
const columns = { orderId: 'Order ID', lineId: 'Row ID', ts: 'Order Date', customerId: 'Customer ID', city: 'City', country: 'Country', category: 'Category', product: 'Product Name', quantity: 'Quantity', amount: 'Sales', currency: 'Currency' };
const source = (signal?: AbortSignal) =>
  replaySource({
    file: FILE, format: 'csv', delimiter: 'auto', kind: 'sale', topic: 's', order: 'time', keepTime: true, speed: Infinity, ...(signal ? { signal } : {}),
    mapper: new RecordMapper({ decimal: ',', dateFormat: dateFormatFrom('D/M/YYYY')!, zone: zoneFrom('UTC')!, fields: saleFields({ columns, fixed: { currency: 'EUR' } }), build: buildSale }),
  });

describe('replaySource', () => {
  it('reports progress in bytes while reading, then in events while sending', async () => {
    const s = source();
    const it = s[Symbol.asyncIterator]();
    expect(s.progress?.()).toMatchObject({ unit: 'bytes read' });
    const items: SourceItem[] = [];
    let r = await it.next(); // the whole file is read and sorted before the first event
    expect(s.progress?.()).toEqual({ done: 1, total: 65, unit: 'events' });
    for (; !r.done; r = await it.next()) items.push(r.value);
    expect(items).toHaveLength(65);
    expect(s.progress?.()).toEqual({ done: 65, total: 65, unit: 'events' });
    expect(s.stats).toMatchObject({ rows: 65, events: 65, rejected: 0, inOrder: false, spilled: false });
  });

  it('while reading (rejects go out at once) the total is the file size', async () => {
    const s = replaySource({
      file: MALFORMED, format: 'csv', delimiter: ',', kind: 'quote', topic: 'q', order: 'time', keepTime: true, speed: Infinity,
      mapper: new RecordMapper({ decimal: '.', dateFormat: dateFormatFrom('auto')!, zone: zoneFrom('UTC')!, fields: quoteFields({ symbolColumn: 'symbol', timeColumn: 'date', priceColumn: 'price, close' }), build: buildQuote }),
    });
    const first = await s[Symbol.asyncIterator]().next();
    expect(first.value).toMatchObject({ kind: 'reject' });
    expect(s.progress?.()).toMatchObject({ total: statSync(MALFORMED).size, unit: 'bytes read' });
  });

  it('stops reading on abort and sends nothing it had not sent', async () => {
    const abort = new AbortController();
    abort.abort();
    const items: SourceItem[] = [];
    for await (const item of source(abort.signal)) items.push(item);
    expect(items).toEqual([]);
  });
});
