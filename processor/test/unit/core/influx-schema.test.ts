import { FIELDS, MEASUREMENTS, TAGS, type Measurement } from '@tickflow/contracts';
import { describe, expect, it } from 'vitest';
import { emptyOutput, type Output } from '../../../src/core/handler.js';
import { DEFAULT_INDICATORS, IndicatorSet } from '../../../src/core/indicators/indicator-set.js';
import { QuoteHandler } from '../../../src/core/market/quote-handler.js';
import { SalesHandler } from '../../../src/core/sales/sales-handler.js';
import { batch, OPTS, sale, T0, W } from './sales/sales-support.js';
import { fieldsOf } from '../../../src/core/points.js';

// The points the handlers build use only the measurement, tag and field names of contracts
// (what the InfluxDB tasks and Grafana query).
const namesOf = (out: Output, m: Measurement) => {
  const points = out.points.filter((p) => p.measurement === m);
  return { count: points.length, tags: new Set(points.flatMap((p) => Object.keys(p.tags))), fields: new Set(points.flatMap((p) => Object.keys(fieldsOf(p)))) };
};

describe('points against the InfluxDB schema of contracts', () => {
  it('quotes, candles and patterns: every tag and fixed field is named there; the rest are the indicator set fields', () => {
    const out = emptyOutput();
    const indicatorFields = new Set<string>();
    const set = IndicatorSet.create(DEFAULT_INDICATORS);
    for (const emit of ['tick', 'candle'] as const) {
      const h = new QuoteHandler({ indicators: DEFAULT_INDICATORS, maxFutureMs: 300_000, emit, candleMs: 60_000 });
      for (let i = 0; i < 200; i++) {
        const q = { v: 1, symbol: 'AAPL', ts: T0 + i * 20_000, price: 100 + Math.sin(i / 3) * 5, volume: 10, source: 'sim', marketState: 'REGULAR' };
        h.handle({ value: Buffer.from(JSON.stringify(q)), offset: String(i), timestamp: q.ts }, out);
        if (emit === 'tick') for (const k of Object.keys(set.update(q.price, q.volume, q.ts))) indicatorFields.add(k);
      }
      h.endBatch(out);
    }
    for (const m of [MEASUREMENTS.quote, MEASUREMENTS.candle]) {
      const n = namesOf(out, m);
      expect(n.count, m).toBeGreaterThan(0);
      expect([...n.tags].filter((t) => !TAGS[m].includes(t)), m).toEqual([]);
      expect([...n.fields].filter((f) => !(FIELDS[m] as readonly string[]).includes(f) && !indicatorFields.has(f)), m).toEqual([]);
      for (const f of FIELDS[m]) if (f !== 'market_state' || m === 'quote') expect(n.fields.has(f), `${m}.${f}`).toBe(true);
    }
  });

  it('sales, sales_cube, customers and high-ticket orders carry exactly their named tags and fields', () => {
    const h = new SalesHandler(OPTS);
    const out = batch(h, [sale('o1', T0, { unitPrice: 2000 }), sale('o2', T0 + 1, { lineId: '1' }), sale('o2', T0 + 2, { lineId: '2' })]);
    const closing = batch(h, [sale('o3', T0 + 2 * W)]);
    for (const m of [MEASUREMENTS.sales, MEASUREMENTS.salesCube, MEASUREMENTS.customers, MEASUREMENTS.highTicketOrder]) {
      const n = namesOf({ ...out, points: [...out.points, ...closing.points] }, m);
      expect(n.count, m).toBeGreaterThan(0);
      expect(n.tags, m).toEqual(new Set(TAGS[m]));
      expect(n.fields, m).toEqual(new Set(FIELDS[m]));
    }
  });
});
