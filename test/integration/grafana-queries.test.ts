import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPanels, loadProject, type Dashboard, type GrafanaProject } from '../../grafana/validate.js';
import { interpolateFluxMacros, interpolateVariables, windowPeriodMs } from '../../grafana/interpolate.js';
import { provisionedRules, ruleQueries } from '../../grafana/test/support/alerts.js';
import { runFlux, type FluxTable } from '../../grafana/test/support/flux.js';
import { newRun, producer, sendRaw, startRunProcessor, waitCaughtUp, waitForPoint, type PipelineRun } from '../../grafana/test/support/seed.js';
import { MarketSimulator, specFor } from '../../producer/src/core/market-sim.js';
import { SalesGenerator } from '../../producer/src/core/sales-gen.js';
import type { RunningService } from '../support/processes.js';

// Every dashboard panel query and every alert rule query, run against the real InfluxDB
// after a seeded run of the real producer and processor, interpolated as Grafana would.
const SYMBOLS = ['AAPL', 'BTC-USD', 'SHIB-USD'];
const TICKS = 600;
const DAY = 86_400_000;
const FX: Record<string, number> = { USD: 1, EUR: 1.087, GBP: 1.27, MAD: 0.1 };
const SALES_RATE = 0.2;

const t0 = Date.now();
// Sales cover the 150 minutes before now (so "previous hour" rules have data), and at least
// 10 minutes of today (event times may run ahead of the clock: MAX_FUTURE_MS is raised).
const salesStart = t0 - 150 * 60_000;
const STOP = Math.max(t0, t0 - (t0 % DAY) + 10 * 60_000);
const quotesStart = STOP - 20 * 60_000;
const quotesEnd = quotesStart + (TICKS - 1) * 1000;

let run: PipelineRun;
let processor: RunningService | undefined;
let project: GrafanaProject;
let sales: ReturnType<SalesGenerator['next']>[];

/** The generated orders from salesStart up to STOP (the producer is given exactly this count). */
function generatedSales(): ReturnType<SalesGenerator['next']>[] {
  const gen = new SalesGenerator({ seed: 7, startTs: salesStart, peakRatePerSec: SALES_RATE, customers: 5000 });
  const out = [];
  for (let s = gen.next(); s.ts < STOP; s = gen.next()) out.push(s);
  return out;
}

beforeAll(async () => {
  project = await loadProject();
  run = await newRun('gq');
  sales = generatedSales();
  await producer(['sim', '--symbols', SYMBOLS.join(','), '--seed', '42', '--count', String(TICKS), '--speed', '600', '--start', new Date(quotesStart).toISOString()], run);
  await producer(['sales', '--seed', '7', '--count', String(sales.length), '--rate', String(SALES_RATE), '--speed', 'max', '--start', new Date(salesStart).toISOString()], run);
  await sendRaw(run.quotes, [{ value: 'not json' }, { value: '{"v":1}' }]);
  processor = startRunProcessor(run);
  await waitCaughtUp(run, processor);
  await waitForPoint(run, 'first self-metrics', 'r._measurement == "pipeline" and r.kind == "dlq"');
  // A second burst of dead letters after the first metrics point, so dead-letter rates are > 0.
  await sendRaw(run.quotes, [{ value: 'still not json' }, { value: '[]' }]);
  await waitCaughtUp(run, processor);
  await waitForPoint(run, 'dead letters counted', 'r._measurement == "pipeline" and r.kind == "dlq" and r._field == "count" and r._value >= 2.0');
  await new Promise((r) => setTimeout(r, 1000)); // a few more self-metrics points (every 300 ms)
  expect(await processor.stop('SIGTERM')).toBe(0);
}, 300_000);

afterAll(async () => {
  await processor?.stop('SIGKILL');
});

interface QueryRun {
  dashboard: string;
  panel: number;
  title: string;
  tables: FluxTable[];
}

/** Grafana's view of a dashboard at a time range: variables resolved from their queries. */
async function runDashboard(d: Dashboard, from: number, to: number, only?: Record<string, string[]>): Promise<QueryRun[]> {
  const ctx = { from: new Date(from), to: new Date(to), windowMs: windowPeriodMs(to - from), defaultBucket: run.bucket };
  const vars: Record<string, string | string[]> = {};
  for (const v of d.templating.list) {
    if (v.type === 'constant') vars[v.name] = String(v.query);
    if (v.type === 'query') {
      const tables = await runFlux(interpolateFluxMacros(String(v.query), ctx));
      const values = tables.flatMap((t) => t.rows.map((r) => String(r._value)));
      expect(values.length, `variable ${v.name} of ${d.uid} has values`).toBeGreaterThan(0);
      vars[v.name] = only?.[v.name] ?? values; // "All" selected
    }
  }
  const out: QueryRun[] = [];
  for (const panel of allPanels(d)) {
    // A repeated panel is one clone per value, each with the single value.
    const clones = panel.repeat ? ([] as string[]).concat(vars[panel.repeat] ?? []).map((v) => ({ ...vars, [panel.repeat as string]: v })) : [vars];
    for (const scoped of clones) {
      for (const t of panel.targets ?? []) {
        const flux = interpolateFluxMacros(interpolateVariables(t.query ?? '', scoped), ctx);
        const tables = await runFlux(flux).catch((err: unknown) => {
          throw new Error(`${d.uid} panel ${panel.id} "${panel.title}" failed: ${String(err)}\n${flux}`);
        });
        out.push({ dashboard: d.uid, panel: panel.id, title: panel.title, tables });
      }
    }
  }
  return out;
}

const dash = (uid: string): Dashboard => {
  const d = project.dashboards.find((x) => x.data.uid === uid)?.data;
  if (!d) throw new Error(`dashboard ${uid} not found`);
  return d;
};
const rows = (r: QueryRun) => r.tables.flatMap((t) => t.rows);
const labelValues = (r: QueryRun, label: string) => [...new Set(r.tables.map((t) => t.labels[label]))].sort();
const byPanel = (runs: QueryRun[], id: number) => runs.filter((r) => r.panel === id);
/** Relative error: sums of floats in another order differ in the last bits. */
const relErr = (a: unknown, b: number): number => (typeof a === 'number' ? Math.abs(a - b) / Math.max(Math.abs(b), 1e-12) : NaN);

/** Shape every panel must return: columns present in every table, and labels per series. */
type Shape = { columns: string[]; labels?: Record<string, string[]> };
const SHAPES: Record<string, Record<number, Shape>> = {
  'tickflow-markets': {
    1: { columns: ['_time', '_value'], labels: { _field: ['bb_lower', 'bb_middle', 'bb_upper', 'ema_20', 'ema_50', 'price', 'sma_20', 'sma_50'], symbol: SYMBOLS } },
    2: { columns: ['symbol', 'last', 'change_pct', 'rsi'] },
    3: { columns: ['_time', 'open', 'high', 'low', 'close', 'volume'] },
    4: { columns: ['_time', '_value'], labels: { symbol: SYMBOLS } },
    5: { columns: ['_time', '_value'], labels: { symbol: SYMBOLS } },
    6: { columns: ['_time', '_value'], labels: { _field: ['macd', 'macd_hist', 'macd_signal'], symbol: SYMBOLS } },
  },
  'tickflow-sales': {
    1: { columns: ['_value'] },
    2: { columns: ['_value'] },
    3: { columns: ['avg_basket'] },
    4: { columns: ['_value'] },
    5: { columns: ['_time', '_value', 'key'] },
    6: { columns: ['_value', 'key'] },
    7: { columns: ['city', 'revenue'] },
    8: { columns: ['customer_id', 'total_spent', 'orders', 'avg_basket', 'loyal'] },
    9: { columns: ['_time', 'avg_basket'] },
    10: { columns: ['_time', '_value'] },
    11: { columns: ['_time', '_value'] },
  },
  'tickflow-pipeline': {
    1: { columns: ['_time', '_value'], labels: { _field: ['consumed', 'points', 'processed'] } },
    2: { columns: ['_time', '_value', 'topic', 'partition'] },
    3: { columns: ['_time', '_value'], labels: { reason: ['invalid_schema', 'not_json'] } },
    4: { columns: ['_time', '_value'], labels: { _field: ['p50_ms', 'p99_ms'] } },
    5: { columns: ['_time', '_value'], labels: { _field: ['rejected_lines', 'write_errors', 'write_retries'] } },
    6: { columns: ['_time', '_value', 'source'] },
    7: { columns: ['_time', '_value', 'instance'] },
  },
};

describe('dashboard queries return data of the expected shape', () => {
  for (const [uid, range] of [
    ['tickflow-markets', (): [number, number] => [quotesStart - 60_000, STOP]],
    ['tickflow-sales', (): [number, number] => [salesStart - 60_000, STOP]],
    ['tickflow-pipeline', (): [number, number] => [t0 - 60_000, Date.now()]],
  ] as const) {
    it(uid, async () => {
      const [from, to] = range();
      const runs = await runDashboard(dash(uid), from, to);
      const shapes = SHAPES[uid] ?? {};
      const ids = [...new Set(runs.map((r) => r.panel))].sort((a, b) => a - b);
      expect(ids, 'every panel has an expected shape in this test').toEqual(Object.keys(shapes).map(Number));
      for (const r of runs) {
        const where = `${uid} panel ${r.panel} "${r.title}"`;
        const shape = shapes[r.panel] as Shape;
        expect(rows(r).length, `${where} returns rows`).toBeGreaterThan(0);
        for (const t of r.tables) for (const c of shape.columns) expect(t.columns, `${where}: column ${c}`).toContain(c);
        for (const [label, values] of Object.entries(shape.labels ?? {})) expect(labelValues(byPanel(runs, r.panel)[0] as QueryRun, label), `${where}: ${label}`).toEqual(values);
      }
    });
  }

  it('markets: a multi-value selection filters symbols; the candle panel repeats per symbol', async () => {
    const runs = await runDashboard(dash('tickflow-markets'), quotesStart - 60_000, STOP, { symbol: ['BTC-USD', 'SHIB-USD'] });
    expect(labelValues(byPanel(runs, 5)[0] as QueryRun, 'symbol')).toEqual(['BTC-USD', 'SHIB-USD']);
    const candles = byPanel(runs, 3);
    expect(candles.map((c) => labelValues(c, 'symbol'))).toEqual([['BTC-USD'], ['SHIB-USD']]);
    // 600 one-second ticks -> 10 or 11 one-minute candles (the last may still be open).
    for (const c of candles) expect(rows(c).length).toBeGreaterThanOrEqual(10);
  });

  it('markets: the table shows each symbol\'s last simulated price', async () => {
    const sim = new MarketSimulator({ symbols: SYMBOLS.map(specFor), seed: 42, startTs: quotesStart, tickMs: 1000 });
    const ticks = Array.from({ length: TICKS }, () => sim.next()).flat();
    const [table] = byPanel(await runDashboard(dash('tickflow-markets'), quotesStart - 60_000, STOP), 2);
    for (const s of SYMBOLS) {
      const row = rows(table as QueryRun).find((r) => r.symbol === s);
      const first = ticks.find((t) => t.symbol === s)?.price as number;
      const last = ticks.filter((t) => t.symbol === s).at(-1)?.price as number;
      expect(row?.last, s).toBe(last);
      expect(relErr(row?.change_pct, ((last - first) / first) * 100), s).toBeLessThan(1e-9);
      expect(row?.rsi as number).toBeGreaterThan(0);
    }
  });

  it('sales: totals, per-minute categories and customers equal the generated orders', async () => {
    const runs = await runDashboard(dash('tickflow-sales'), salesStart - 60_000, STOP);
    const value = (id: number, col = '_value') => rows(byPanel(runs, id)[0] as QueryRun)[0]?.[col] as number;
    const today = sales.filter((s) => s.ts >= STOP - (STOP % DAY));
    const usd = (s: (typeof sales)[number]) => s.amount * (FX[s.currency] as number);
    expect(value(2)).toBe(today.length);
    expect(relErr(value(1), today.reduce((a, s) => a + usd(s), 0))).toBeLessThan(1e-9);
    expect(relErr(value(3, 'avg_basket'), today.reduce((a, s) => a + usd(s), 0) / today.length)).toBeLessThan(1e-9);
    expect(value(4)).toBe(today.filter((s) => usd(s) >= 1000).length);
    // Revenue per minute by category: every (minute, category) of the generated orders.
    const expected = new Map<string, number>();
    for (const s of sales) {
      const k = `${s.ts - (s.ts % 60_000)}|${s.category}`;
      expected.set(k, (expected.get(k) ?? 0) + usd(s));
    }
    const perMinute = rows(byPanel(runs, 5)[0] as QueryRun);
    expect(perMinute.length).toBe(expected.size);
    for (const r of perMinute) expect(relErr(r._value, expected.get(`${Date.parse(String(r._time))}|${String(r.key)}`) ?? NaN)).toBeLessThan(1e-9);
    // Top customer: lifetime spend summed across partitions.
    const spent = new Map<string, number>();
    for (const s of sales) spent.set(s.customerId, (spent.get(s.customerId) ?? 0) + usd(s));
    const top = [...spent.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const customers = rows(byPanel(runs, 8)[0] as QueryRun);
    expect(customers).toHaveLength(Math.min(10, spent.size));
    expect(customers[0]?.customer_id).toBe(top[0]);
    expect(relErr(customers[0]?.total_spent, top[1])).toBeLessThan(1e-9);
  });
});

describe('alert rule queries return series of the expected shape', () => {
  // Per rule: when to evaluate, and the labels each series must carry.
  const cases: Record<string, { at: () => number; labels: string[] }> = {
    'tickflow-rsi-overbought': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-rsi-oversold': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-bollinger-cross': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-stale-feed': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-revenue-drop': { at: () => STOP, labels: [] },
    'tickflow-high-ticket-surge': { at: () => STOP, labels: [] },
    'tickflow-dead-letters': { at: () => Date.now(), labels: ['instance', 'topic', 'reason'] },
    'tickflow-consumer-lag': { at: () => Date.now(), labels: ['topic', 'partition'] },
  };

  it('covers every provisioned rule', async () => {
    expect([...(await provisionedRules()).keys()].sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [uid, c] of Object.entries(cases)) {
    it(uid, async () => {
      const rule = (await provisionedRules()).get(uid);
      expect(rule).toBeDefined();
      for (const q of ruleQueries(rule!, run.bucket, new Date(c.at()))) {
        const tables = await runFlux(q.flux);
        expect(tables.length, `${uid} ${q.refId} returns series`).toBeGreaterThan(0);
        for (const t of tables) {
          expect(t.columns, `${uid} ${q.refId}`).toEqual(expect.arrayContaining(['_time', '_value']));
          expect(Object.keys(t.labels).filter((l) => !l.startsWith('_')).sort(), `${uid} ${q.refId} labels`).toEqual([...c.labels].sort());
          expect(t.rows.every((r) => typeof r._value === 'number')).toBe(true);
        }
        if (c.labels.includes('symbol')) expect(tables.map((t) => t.labels.symbol).sort()).toEqual(SYMBOLS);
      }
    });
  }
});
