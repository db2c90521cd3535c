import { FxTable, saleKey, type SaleEvent } from '@tickflow/contracts';
import { createLogger } from '@tickflow/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archiver } from '../../../src/archiver.js';
import type { ArchiverConfig } from '../../../src/config.js';
import { PartitionCleaner } from '../../../src/core/cleaner.js';
import { LocalStore } from '../../../src/sinks/local-store.js';
import { ParquetWriter } from '../../../src/sinks/parquet-writer.js';
import { readPartitionState } from '../../../src/sources/archive-state.js';
import { readFigures } from '../../../src/sources/report-data.js';
import { sale } from '../../support/events.js';

// A small archive written by the archiver itself (no Kafka: batches are handed to it), then
// read back by restore and by the report's queries.
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const RATES = { EUR: 1.1 };
const clean = { allowedLatenessMs: 30_000, dedupHorizonMs: 86_400_000, maxFutureMs: 300_000, baseCurrency: 'USD', fxRates: RATES };
const cfg = { clean, roll: { bytes: 1 << 24, ms: 60_000 }, compression: 'zstd' } as unknown as ArchiverConfig;
const log = createLogger('archiver-test', 'silent');

const line = (order: number, lineId: string | undefined, over: Partial<SaleEvent>): SaleEvent => {
  const s = sale(order, T0 + order * 60_000, { currency: 'USD', quantity: 1, unitPrice: 10, amount: 10, ...over });
  return lineId === undefined ? s : { ...s, lineId };
};
// Order 1: three lines; order 2: two lines in EUR; order 3: a whole order (no lineId); order 4: unknown currency.
const distinct: SaleEvent[] = [
  line(1, 'a', { quantity: 2, unitPrice: 5, amount: 10 }),
  line(1, 'b', { quantity: 1, unitPrice: 25, amount: 25 }),
  line(1, 'c', { quantity: 3, unitPrice: 1.5, amount: 4.5 }),
  line(2, '1', { currency: 'EUR', quantity: 1, unitPrice: 100, amount: 100 }),
  line(2, '2', { currency: 'EUR', quantity: 4, unitPrice: 20, amount: 80 }),
  line(3, undefined, { quantity: 1, unitPrice: 7, amount: 7 }),
];
const unknownCurrency = line(4, 'x', { currency: 'XYZ' });
// Delivered: every line, a re-sent line of order 1, and the unknown-currency line.
const delivered = [...distinct, distinct[1] as SaleEvent, unknownCurrency];
const expectedRevenue = distinct.reduce((sum, s) => sum + s.amount * (s.currency === 'EUR' ? 1.1 : 1), 0);

let dir: string;
let store: LocalStore;
let duck: ParquetWriter;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archive-lines-'));
  store = new LocalStore(dir);
  duck = await ParquetWriter.open();
  const archiver = new Archiver({ cfg, consumer: { commitOffsets: async () => {} }, store, writer: duck, kindOf: () => 'sale', log, now: () => T0 });
  const messages = delivered.map((s, i) => ({ offset: String(i), timestamp: String(T0 + 1000), value: Buffer.from(JSON.stringify(s)) }));
  await archiver.onBatch({ batch: { topic: 'sales', partition: 0, messages } as never, resolveOffset: () => {}, heartbeat: async () => {} });
  await archiver.flushAll();
});
afterAll(async () => {
  duck.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an archive of multi-line orders', () => {
  it("report: total revenue is the input's (every line once, converted), orders count distinct order ids", async () => {
    const f = await readFigures(store, duck, { from: '2026-11-01', to: '2026-11-03', topics: { quotes: 'quotes', sales: 'sales' }, baseCurrency: 'USD', highTicket: 100, top: 10 });
    expect(f.sales?.revenue).toBeCloseTo(expectedRevenue, 9);
    expect(f.sales?.units).toBe(distinct.reduce((n, s) => n + s.quantity, 0));
    expect(f.sales?.orders).toBe(3);
    expect(f.sales?.avgBasket).toBeCloseTo(expectedRevenue / 3, 9);
    expect(f.sales?.highTicket.orders).toBe(1);
    expect(f.sales?.highTicket.revenue).toBeCloseTo(110, 9);
    // Received: every delivered record of the raw layer, one of them a re-sent line.
    expect(f.quality.received).toEqual([{ topic: 'sales', events: delivered.length, duplicates: 1 }]);
    expect(f.quality.kept).toEqual([{ topic: 'sales', events: distinct.length, late: 0 }]);
  });

  it('restore rebuilds the line keys, so a restored cleaner decides like the live one', async () => {
    const state = await readPartitionState(store, duck, 'sales', 0, 'sale', clean.dedupHorizonMs, log);
    expect(state.archivedUpTo).toBe(BigInt(delivered.length - 1));
    expect(new Set(state.keys.map(([k]) => k))).toEqual(new Set(distinct.map(saleKey)));
    const restored = new PartitionCleaner({ ...clean, fx: new FxTable('USD', RATES) });
    restored.restore(state.watermark, state.keys);
    expect(restored.judge('sale', distinct[2] as SaleEvent)).toEqual({ keep: false, reason: 'duplicate' });
    expect(restored.judge('sale', line(1, 'd', {}))).toMatchObject({ keep: true });
    expect(restored.judge('sale', line(3, undefined, {}))).toEqual({ keep: false, reason: 'duplicate' });
  });
});
