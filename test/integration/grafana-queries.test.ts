import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionedRules, ruleQueries } from '../../grafana/test/support/alerts.js';
import { runFlux } from '../../grafana/test/support/flux.js';
import { newRun, processSeeded, producer, type PipelineRun } from '../../grafana/test/support/seed.js';
import { SalesGenerator } from '../../producer/src/sim/core/sales-gen.js';
import type { RunningService } from '../support/processes.js';

// Every alert rule query, run against the real InfluxDB after a seeded run of the real
// producer and processor, interpolated as Grafana would. (Dashboards: grafana-frames.test.ts.)
const SYMBOLS = ['AAPL', 'BTC-USD', 'SHIB-USD'];
const TICKS = 600;
const DAY = 86_400_000;
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
let sales: ReturnType<SalesGenerator['next']>[];

/** The generated orders from salesStart up to STOP (the producer is given exactly this count). */
function generatedSales(): ReturnType<SalesGenerator['next']>[] {
  const gen = new SalesGenerator({ seed: 7, startTs: salesStart, peakRatePerSec: SALES_RATE, customers: 5000 });
  const out = [];
  for (let s = gen.next(); s.ts < STOP; s = gen.next()) out.push(s);
  return out;
}

beforeAll(async () => {
  run = await newRun('gq');
  sales = generatedSales();
  await producer(['sim', '--symbols', SYMBOLS.join(','), '--seed', '42', '--count', String(TICKS), '--speed', '600', '--start', new Date(quotesStart).toISOString()], run);
  await producer(['sales', '--seed', '7', '--count', String(sales.length), '--rate', String(SALES_RATE), '--speed', 'max', '--start', new Date(salesStart).toISOString()], run);
  await processSeeded(run, (p) => (processor = p));
}, 300_000);

afterAll(async () => {
  await processor?.stop('SIGKILL');
});

describe('alert rule queries return series of the expected shape', () => {
  // Per rule: when to evaluate, and the labels each series must carry.
  const cases: Record<string, { at: () => number; labels: string[]; empty?: string }> = {
    'tickflow-rsi-overbought': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-rsi-oversold': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-bollinger-cross': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    'tickflow-stale-feed': { at: () => quotesEnd + 30_000, labels: ['symbol'] },
    // Its reference is the same hour a week ago, which this run does not seed (crafted in grafana-alerts).
    'tickflow-revenue-drop': { at: () => STOP, labels: [], empty: 'no sales a week before in this run' },
    'tickflow-high-ticket-surge': { at: () => STOP, labels: [] },
    'tickflow-dead-letters': { at: () => Date.now(), labels: ['instance', 'topic', 'reason'] },
    'tickflow-consumer-lag': { at: () => Date.now(), labels: ['topic', 'partition'] },
    'tickflow-write-errors': { at: () => Date.now(), labels: ['instance'] },
    'tickflow-latency-high': { at: () => Date.now(), labels: ['instance'] },
    'tickflow-checkpoint-age': { at: () => Date.now(), labels: ['instance'] },
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
        if (c.empty !== undefined && tables.length === 0) continue;
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
