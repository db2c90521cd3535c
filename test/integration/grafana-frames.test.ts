// @vitest-environment jsdom
// (Grafana's frontend packages, which compute what the panels show, expect a DOM.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayNames, panelFrames } from '../../grafana/check/panel.js';
import { panelProblems } from '../../grafana/check/problems.js';
import type { Frame } from '../../grafana/model/frames.js';
import { loadProject, type Dashboard } from '../../grafana/check/validate.js';
import { runDashboard, type DashboardRun } from '../../grafana/test/support/panels.js';
import { newRun, processSeeded, producer, writeLines, type PipelineRun } from '../../grafana/test/support/seed.js';
import { createBucket } from '../support/influx.js';
import { MarketSimulator, specFor } from '../../producer/src/sim/core/market-sim.js';
import { SalesGenerator } from '../../producer/src/sim/core/sales-gen.js';
import type { RunningService } from '../support/processes.js';
import { savePreviewData } from '../../grafana/previews/save.js';

// What each panel would display, from real query results: the real producer and processor fill
// a fresh bucket and the run's own long-term and daily buckets (the processor's hourly and daily
// rollups, sales per partition), every panel query runs as Grafana
// would send it, the data source's frame builder (grafana/model) makes the frames, and Grafana's
// own frontend code (grafana/check) computes what the panels display.
const SYMBOLS = ['AAPL', 'BTC-USD', 'SHIB-USD'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
// A fixed "now", noon UTC of a Wednesday: every day boundary the panels use ("today", yesterday,
// the same day last week) is 12 hours away, whatever the wall clock says when the test runs.
const t0 = Date.UTC(2026, 10, 25, 12, 0);
const dayStart = t0 - (t0 % DAY);
// The pipeline's self-metrics are stamped with the wall clock, from here on.
const seededAt = Date.now();
// 90 one-second ticks per minute-candle... 90 minutes of quotes across today's midnight, so
// "previous close" (the last price before 00:00) and today's high/low both exist.
const TICKS = 5400;
const quotesStart = dayStart - 45 * 60_000;
const quotesEnd = quotesStart + (TICKS - 1) * 1000;
const STOP = Math.max(t0, quotesEnd + 60_000);
// The saved views (the previews) show where the seeded data lies: the 90 minutes of quotes,
// the two hours of today's sales (each still viewed "now" at its range's end).
const QUOTES_VIEW: [number, number] = [quotesStart - 5 * 60_000, quotesEnd + 5 * 60_000];
// Sales: the same two hours today, yesterday and a week ago (today vs yesterday vs last week).
const SALES_RATE = 0.1;
const SLICES = [7, 1, 0].map((d) => STOP - d * DAY - 2 * HOUR);
const SALES_VIEW: [number, number] = [STOP - 2 * HOUR - 15 * 60_000, STOP];
const FX: Record<string, number> = { USD: 1, EUR: 1.087, GBP: 1.27, MAD: 0.1 };

let run: PipelineRun;
let long: string;
let daily: string;
let processor: RunningService | undefined;
// When the producers started: the self-metrics (the pipeline view) begin here.
let metricsStart = Date.now();
let dashboards: Map<string, Dashboard>;
const views = new Map<string, DashboardRun>();

const seedOf = (start: number) => 7 + SLICES.indexOf(start);
function generated(start: number): ReturnType<SalesGenerator['next']>[] {
  const gen = new SalesGenerator({ seed: seedOf(start), startTs: start, peakRatePerSec: SALES_RATE, customers: 5000 });
  const out = [];
  for (let s = gen.next(); s.ts < start + 2 * HOUR; s = gen.next()) out.push(s);
  return out;
}
const sales = () => SLICES.flatMap(generated);

beforeAll(async () => {
  dashboards = new Map((await loadProject()).dashboards.map((d) => [d.data.uid, d.data]));
  run = await newRun('gf');
  long = await createBucket(`${run.bucket}-long`).then(() => `${run.bucket}-long`);
  daily = await createBucket(`${run.bucket}-daily`).then(() => `${run.bucket}-daily`);
  run.longterm = long;
  run.daily = daily;
  metricsStart = Date.now();
  await producer(['sim', '--symbols', SYMBOLS.join(','), '--seed', '42', '--count', String(TICKS), '--speed', '600', '--start', new Date(quotesStart).toISOString()], run);
  for (const start of SLICES) {
    const n = generated(start).length;
    await producer(['sales', '--seed', String(seedOf(start)), '--count', String(n), '--rate', String(SALES_RATE), '--speed', 'max', '--start', new Date(start).toISOString()], run);
  }
  await processSeeded(run, (p) => (processor = p));
  // The equity's session state as Yahoo reports it (the simulator has none: crypto is 24/7).
  await writeLines(run.bucket, [`quote,symbol=AAPL market_state="REGULAR" ${quotesEnd}`]);
}, 600_000);

afterAll(async () => {
  await processor?.stop('SIGKILL');
  // The README's pictures are drawn from these very results (npm run previews saves them here).
  if (process.env.TICKFLOW_PREVIEW_DATA) await savePreviewData(process.env.TICKFLOW_PREVIEW_DATA, views);
});

const dash = (uid: string): Dashboard => {
  const d = dashboards.get(uid);
  if (!d) throw new Error(`dashboard ${uid} not provisioned`);
  return d;
};
const panelOf = (v: DashboardRun, id: number) => {
  const p = v.panels.find((x) => x.panel.id === id);
  if (!p) throw new Error(`no panel ${id}`);
  return p;
};
const field = (frames: Frame[], name: string) => frames.flatMap((f) => f.fields).find((f) => f.name === name);

/** Every problem a user would see, per panel; panels with a `noValue` text may be empty. */
function problems(v: DashboardRun): string[] {
  return v.panels.flatMap((p) => {
    const empty = p.frames.every((f) => (f.fields[0]?.values.length ?? 0) === 0);
    const noValue = (p.panel.fieldConfig as { defaults?: { noValue?: string } } | undefined)?.defaults?.noValue;
    if (empty && noValue) return [];
    return [...p.unresolved.map((r) => `panel ${p.panel.id}: $${r} is not a dashboard variable`), ...panelProblems(p.panel as never, p.frames, v.variables)];
  });
}

describe('Markets: what the trader sees', () => {
  for (const symbol of SYMBOLS) {
    it(`${symbol}: every panel has data, distinct names, matching overrides, 4 significant digits`, async () => {
      const v = await runDashboard(dash('tickflow-markets'), ...QUOTES_VIEW, run.bucket, { symbol, longterm: long, daily });
      views.set(`markets-${symbol}`, v);
      expect(problems(v)).toEqual([]);
      for (const p of v.panels.filter((x) => x.panel.id !== 4)) expect(p.frames.length, `panel ${p.panel.id}`).toBeGreaterThan(0);
    });
  }

  it('last price, change vs previous close and day range equal the simulated ticks', async () => {
    const sim = new MarketSimulator({ symbols: SYMBOLS.map(specFor), seed: 42, startTs: quotesStart, tickMs: 1000 });
    const ticks = Array.from({ length: TICKS }, () => sim.next()).flat();
    for (const symbol of SYMBOLS) {
      const mine = ticks.filter((t) => t.symbol === symbol);
      const v = await runDashboard(dash('tickflow-markets'), quotesStart - 60_000, STOP, run.bucket, { symbol, longterm: long, daily });
      const last = mine.at(-1)?.price as number;
      const prev = mine.filter((t) => t.ts < dayStart).at(-1)?.price as number;
      const today = mine.filter((t) => t.ts >= dayStart).map((t) => t.price);
      expect(field(panelOf(v, 1).frames, 'last')?.values).toEqual([last]);
      expect(field(panelOf(v, 2).frames, 'change_pct')?.values[0] as number).toBeCloseTo(((last - prev) / prev) * 100, 9);
      expect(field(panelOf(v, 3).frames, 'day_high')?.values).toEqual([Math.max(...today)]);
      expect(field(panelOf(v, 3).frames, 'day_low')?.values).toEqual([Math.min(...today)]);
    }
  });

  it('market state: AAPL shows its session, 24/7 symbols the no-session text', async () => {
    const aapl = await runDashboard(dash('tickflow-markets'), quotesStart, STOP, run.bucket, { symbol: 'AAPL', longterm: long, daily });
    expect(field(panelOf(aapl, 4).frames, 'state')?.values).toEqual(['REGULAR']);
    const btc = await runDashboard(dash('tickflow-markets'), quotesStart, STOP, run.bucket, { symbol: 'BTC-USD', longterm: long, daily });
    // No state: the data source's one empty frame, so the panel shows its noValue text.
    expect(panelOf(btc, 4).frames.map((f) => f.fields.length)).toEqual([0]);
  });

  it('candles come from the right source for the range: 1m raw, 1h and 1d downsampled', async () => {
    const candleTimes = async (from: number): Promise<number[]> => {
      const v = await runDashboard(dash('tickflow-markets'), from, STOP, run.bucket, { symbol: 'BTC-USD', longterm: long, daily });
      expect(problems(v).filter((p) => p.startsWith('panel 5'))).toEqual([]);
      const times = (panelOf(v, 5).frames[0]?.fields.find((f) => f.type === 'time')?.values ?? []) as number[];
      expect(times.length, `candles from ${new Date(from).toISOString()}`).toBeGreaterThan(0);
      return times;
    };
    const minutes = await candleTimes(quotesStart - 60_000);
    expect(minutes.some((t) => t % HOUR !== 0)).toBe(true);
    expect(Math.min(...minutes.slice(1).map((t, i) => t - (minutes[i] as number)))).toBe(60_000);
    for (const t of await candleTimes(STOP - 30 * DAY)) expect(t % HOUR).toBe(0);
    for (const t of await candleTimes(STOP - 730 * DAY)) expect(t % DAY).toBe(0);
  });

  it('pattern annotations carry the pattern name', async () => {
    let texts: string[] = [];
    for (const symbol of SYMBOLS) {
      const v = await runDashboard(dash('tickflow-markets'), quotesStart, STOP, run.bucket, { symbol, longterm: long, daily });
      const frames = v.annotations.find((a) => a.name === 'Candlestick patterns')?.frames ?? [];
      texts = texts.concat(frames.flatMap((f) => (f.fields.find((x) => x.name === 'text')?.values ?? []) as string[]));
    }
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toMatch(/^(bullish_engulfing|bearish_engulfing|hammer|shooting_star|morning_star|evening_star) \((bullish|bearish), 1m\)$/);
  });
});

describe('Sales: what the analyst sees', () => {
  it('every panel has data, distinct names, matching overrides, 4 significant digits', async () => {
    const v = await runDashboard(dash('tickflow-sales'), ...SALES_VIEW, run.bucket, { longterm: long });
    views.set('sales', v);
    expect(problems(v)).toEqual([]);
    for (const p of v.panels) expect(p.frames.length, `panel ${p.panel.id} ${p.panel.title}`).toBeGreaterThan(0);
  });

  it('today vs yesterday vs last week equal the generated orders', async () => {
    const v = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long });
    const usd = (s: ReturnType<typeof sales>[number]) => s.amount * (FX[s.currency] as number);
    const sum = (from: number, to: number) => sales().filter((s) => s.ts >= from && s.ts < to).reduce((a, s) => a + usd(s), 0);
    const today = sum(dayStart, STOP);
    const yesterday = sum(dayStart - DAY, STOP - DAY);
    const frames = panelOf(v, 1).frames;
    expect(field(frames, 'today')?.values[0] as number).toBeCloseTo(today, 6);
    // The stats show their fields in the frame's order, pinned by the query.
    for (const id of [1, 2]) expect(panelOf(v, id).frames.flatMap((f) => f.fields.map((x) => x.name)), `panel ${id}`).toEqual(['today', 'vs_yesterday', 'vs_last_week']);
    if (yesterday > 0) expect(field(frames, 'vs_yesterday')?.values[0] as number).toBeCloseTo(((today - yesterday) / yesterday) * 100, 6);
  });

  it('a category filter narrows the headline and the per-category series', async () => {
    const all = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long });
    const categories = all.options.category as string[];
    const one = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long, category: [categories[0] as string] });
    expect(problems(one)).toEqual([]);
    expect(panelOf(one, 5).frames.map((f) => f.fields[1]?.labels?.category)).toEqual([categories[0]]);
    expect(field(panelOf(one, 1).frames, 'today')?.values[0] as number).toBeLessThan(field(panelOf(all, 1).frames, 'today')?.values[0] as number);
  });

  const usd = (s: ReturnType<typeof sales>[number]) => s.amount * (FX[s.currency] as number);
  const todays = () => sales().filter((s) => s.ts >= dayStart && s.ts < STOP);
  const most = (values: string[]): string => {
    const n = new Map<string, number>();
    for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
  };

  it('filters combine: city AND category AND segment AND payment narrow every cube panel to the generated orders', async () => {
    const city = most(todays().map((s) => s.city));
    const category = most(todays().filter((s) => s.city === city).map((s) => s.category));
    const pick = { longterm: long, city: [city], category: [category] };
    const v = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, pick);
    expect(problems(v)).toEqual([]);
    const mine = todays().filter((s) => s.city === city && s.category === category);
    expect(mine.length).toBeGreaterThan(0);
    expect(field(panelOf(v, 1).frames, 'today')?.values[0] as number).toBeCloseTo(mine.reduce((a, s) => a + usd(s), 0), 6);
    expect(field(panelOf(v, 2).frames, 'today')?.values[0]).toBe(mine.length);
    expect(field(panelOf(v, 7).frames, 'city')?.values).toEqual([city]); // revenue by city: only the city
    expect(panelOf(v, 5).frames.map((f) => f.fields[1]?.labels?.category)).toEqual([category]);
    // Payment mix and segment mix of exactly those orders.
    const slices = (id: number, label: string) =>
      Object.fromEntries(panelOf(v, id).frames.map((f) => [f.fields[0]?.labels?.[label], f.fields[0]?.values[0] as number]));
    const sumBy = (key: (s: (typeof mine)[number]) => string) => {
      const m: Record<string, number> = {};
      for (const s of mine) m[key(s)] = (m[key(s)] ?? 0) + usd(s);
      return m;
    };
    for (const [k, x] of Object.entries(sumBy((s) => s.paymentMethod))) expect(slices(6, 'payment_method')[k]).toBeCloseTo(x, 6);
    for (const [k, x] of Object.entries(sumBy((s) => s.segment))) expect(slices(13, 'segment')[k]).toBeCloseTo(x, 6);
    // One more filter (the segment of most of them) narrows further, to the crossed count.
    const segment = most(mine.map((s) => s.segment));
    const payment = most(mine.filter((s) => s.segment === segment).map((s) => s.paymentMethod));
    const narrower = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { ...pick, segment: [segment], payment: [payment] });
    const crossed = mine.filter((s) => s.segment === segment && s.paymentMethod === payment);
    expect(field(panelOf(narrower, 2).frames, 'today')?.values[0]).toBe(crossed.length);
  });

  it('top products: the 10 best sellers of the range with revenue, units and orders; the product filter narrows them', async () => {
    const v = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long });
    const by = new Map<string, { revenue: number; units: number; orders: number }>();
    for (const s of todays()) {
      const p = by.get(s.product) ?? { revenue: 0, units: 0, orders: 0 };
      by.set(s.product, { revenue: p.revenue + usd(s), units: p.units + s.quantity, orders: p.orders + 1 });
    }
    const top = [...by].sort((a, b) => b[1].revenue - a[1].revenue).slice(0, 10);
    const frames = panelOf(v, 14).frames;
    expect(field(frames, 'product')?.values).toEqual(top.map(([p]) => p));
    (field(frames, 'revenue')?.values as number[]).forEach((r, i) => expect(r).toBeCloseTo(top[i]?.[1].revenue as number, 6));
    expect(field(frames, 'units')?.values).toEqual(top.map(([, x]) => x.units));
    expect(field(frames, 'orders')?.values).toEqual(top.map(([, x]) => x.orders));
    const one = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long, product: [top[1]?.[0] as string] });
    expect(field(panelOf(one, 14).frames, 'product')?.values).toEqual([top[1]?.[0]]);
    expect(problems(one)).toEqual([]);
  });

  it('latest high-ticket orders: the newest 20 lines at or above 1000 USD, newest first; filters and product apply', async () => {
    const v = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long });
    const high = todays().filter((s) => usd(s) >= 1000).sort((a, b) => b.ts - a.ts);
    expect(high.length).toBeGreaterThan(20);
    const frames = panelOf(v, 15).frames;
    expect(field(frames, '_time')?.values).toEqual(high.slice(0, 20).map((s) => s.ts));
    expect(new Set(field(frames, 'order_id')?.values)).toEqual(new Set(high.slice(0, 20).map((s) => s.orderId)));
    const row = (field(frames, 'order_id')?.values ?? []).indexOf(high[0]?.orderId as string);
    expect(field(frames, 'amount')?.values[row] as number).toBeCloseTo(usd(high[0] as (typeof high)[number]), 6);
    expect(field(frames, 'customer_id')?.values[row]).toBe(high[0]?.customerId);
    expect(field(frames, 'product')?.values[row]).toBe(high[0]?.product);
    // Filtered by product and city: only those lines.
    const product = most(high.map((s) => s.product));
    const city = most(high.filter((s) => s.product === product).map((s) => s.city));
    const f = await runDashboard(dash('tickflow-sales'), STOP - DAY, STOP, run.bucket, { longterm: long, product: [product], city: [city] });
    const want = high.filter((s) => s.product === product && s.city === city).slice(0, 20);
    expect(field(panelOf(f, 15).frames, 'order_id')?.values).toEqual(want.map((s) => s.orderId));
    expect(problems(f)).toEqual([]);
  });
});

describe('Pipeline health: what the engineer sees', () => {
  it('every panel reads well; panels without data are the ones whose source is not running', async () => {
    // Self-metrics carry the processor's wall-clock times, so this view ends at the real now.
    const v = await runDashboard(dash('tickflow-pipeline'), metricsStart - 5_000, Date.now(), run.bucket);
    views.set('pipeline', v);
    // One processor: the state gauges by name alone (Grafana's display names of the frames).
    const state = panelOf(v, 8);
    expect(displayNames(panelFrames(state.panel as never, state.frames, v.variables)).filter((n) => n !== 'Time').sort()).toEqual(['Buffer fill', 'Open windows', 'Tracked partitions', 'Tracked symbols']);
    // The processor's own runtime: event-loop delay and GC by name, memory per instance.
    const names = (id: number) => {
      const p = panelOf(v, id);
      return displayNames(panelFrames(p.panel as never, p.frames, v.variables)).filter((n) => n !== 'Time').sort();
    };
    expect(names(10)).toEqual(['event loop max', 'event loop p99', 'longest GC pause']);
    expect(names(11)).toEqual(expect.arrayContaining([expect.stringMatching(/^\S+ JS heap$/), expect.stringMatching(/^\S+ RSS$/)]));
    // Producer errors only appear once a producer has counted one.
    const idle = new Set(['Producer errors (Yahoo 429s, errors, dead letters)']);
    const withData = { ...v, panels: v.panels.filter((p) => p.frames.length > 0 || !idle.has(p.panel.title)) };
    expect(problems(withData)).toEqual([]);
  });

  it('events too old for any bucket: the latest counter of each instance and partition, summed', async () => {
    // Cumulative counters as the processor writes them (kind retention), two instances.
    const at = Date.now() - 20_000;
    const point = (instance: string, partition: number, tooOld: number, skipped: number, t: number) =>
      `pipeline,instance=${instance},kind=retention,partition=${partition},topic=${run.sales} too_old_events=${tooOld},raw_skipped_points=${skipped} ${t}`;
    await writeLines(run.bucket, [point('p-a', 0, 3, 10, at), point('p-a', 0, 5, 12, at + 5000), point('p-a', 1, 2, 0, at + 5000), point('p-b', 2, 7, 1, at + 6000)]);
    const v = await runDashboard(dash('tickflow-pipeline'), seededAt - 60_000, Date.now(), run.bucket);
    const stat = panelOf(v, 9);
    expect(stat.panel.title).toBe('Events too old for any bucket');
    expect(field(stat.frames, 'too_old_events')?.values).toEqual([5 + 2 + 7]);
    expect(field(stat.frames, 'raw_skipped_points')?.values).toEqual([12 + 0 + 1]);
    expect(problems({ ...v, panels: [stat] })).toEqual([]);
  });
});
