import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAt, provisionedRules } from '../../grafana/test/support/alerts.js';
import { newRun, sendRaw, startRunProcessor, waitCaughtUp, waitForPoint, writeLines, type PipelineRun } from '../../grafana/test/support/seed.js';
import type { Rule } from '../../grafana/check/schemas.js';
import { uniqueName } from '../support/env.js';
import { createBucket } from '../support/influx.js';
import { createTopics } from '../support/kafka.js';
import type { RunningService } from '../support/processes.js';

// Alert conditions on crafted data: quotes crafted to rally, slide, stay calm or jump go
// through the real processor (which computes RSI and Bollinger bands); then each rule's
// queries run against InfluxDB and its reduce/threshold/math expressions are evaluated.
const TICKS = 40;
const t0 = Date.now() - 5 * 60_000;
const lastTick = t0 + (TICKS - 1) * 1000;
const alternating = (base: number, i: number) => base + (i % 2 === 0 ? 0 : 0.5);
const SERIES: Record<string, (i: number) => number> = {
  RALLY: (i) => 100 + i, // strictly rising: RSI 100
  SLIDE: (i) => 200 - i, // strictly falling: RSI 0
  CALM: (i) => alternating(50, i), // RSI ~50, inside the bands
  JUMP: (i) => (i === TICKS - 1 ? 88 : alternating(80, i)), // +10% on the last tick: above the upper band
  DROP: (i) => (i === TICKS - 1 ? 54 : alternating(60, i)), // -10% on the last tick: below the lower band
};
const SYMBOLS = Object.keys(SERIES).sort();

let run: PipelineRun;
let processor: RunningService | undefined;
let rules: Map<string, Rule>;
let beforeDeadLetters: number;
let afterDeadLetters: number;

const rule = (uid: string): Rule => {
  const r = rules.get(uid);
  if (!r) throw new Error(`rule ${uid} is not provisioned`);
  return r;
};

beforeAll(async () => {
  rules = await provisionedRules();
  run = await newRun('ga');
  const messages = SYMBOLS.flatMap((symbol) =>
    Array.from({ length: TICKS }, (_, i) => ({
      key: symbol,
      value: JSON.stringify({ v: 1, symbol, ts: t0 + i * 1000, price: (SERIES[symbol] as (i: number) => number)(i), volume: 10, source: 'replay' }),
    })),
  );
  await createTopics([run.quotes, run.sales, run.metrics].map((topic) => ({ topic, numPartitions: 3 })));
  processor = startRunProcessor(run);
  await waitForPoint(run, 'processor self-metrics', 'r._measurement == "pipeline" and r.kind == "state"').catch((err: unknown) => {
    throw new Error(`${String(err)}\nprocessor output:\n${processor?.output()}`);
  });
  await sendRaw(run.quotes, messages);
  await waitCaughtUp(run, processor);
  await waitForPoint(run, 'throughput metrics', 'r._measurement == "pipeline" and r.kind == "throughput" and r._field == "processed" and r._value >= 200.0');
  beforeDeadLetters = Date.now();
  await sendRaw(run.quotes, [{ value: 'not json' }, { value: '{oops' }, { value: 'nope' }]);
  await waitCaughtUp(run, processor);
  await waitForPoint(run, 'dead letters counted', 'r._measurement == "pipeline" and r.kind == "dlq" and r._field == "count" and r._value >= 3.0');
  afterDeadLetters = Date.now();
  await new Promise((r) => setTimeout(r, 1000)); // more self-metrics after the dead letters
  expect(await processor.stop('SIGTERM')).toBe(0);
}, 300_000);

afterAll(async () => {
  await processor?.stop('SIGKILL');
});

describe('market rules on crafted quotes (through the real processor)', () => {
  const justAfter = new Date(lastTick + 30_000);

  it('RSI overbought fires for the rallies only', async () => {
    const r = await evaluateAt(rule('tickflow-rsi-overbought'), run.bucket, justAfter);
    expect(r.finalState).toBe('Alerting');
    expect(r.firing).toEqual(['JUMP', 'RALLY']);
    expect(r.instances.find((i) => i.labels.symbol === 'CALM')?.firing).toBe(false);
    const rsi = r.values.B?.items.find((x) => x.labels.symbol === 'RALLY');
    expect(rsi && 'value' in rsi ? rsi.value : NaN).toBeCloseTo(100, 6);
  });

  it('RSI oversold fires for the slides only', async () => {
    const r = await evaluateAt(rule('tickflow-rsi-oversold'), run.bucket, justAfter);
    expect(r.finalState).toBe('Alerting');
    expect(r.firing).toEqual(['DROP', 'SLIDE']);
  });

  it('RSI rules are normal on calm data and OK without data', async () => {
    for (const uid of ['tickflow-rsi-overbought', 'tickflow-rsi-oversold']) {
      const calm = await evaluateAt(rule(uid), run.bucket, justAfter);
      expect(calm.instances.find((i) => i.labels.symbol === 'CALM')).toMatchObject({ firing: false });
      const later = await evaluateAt(rule(uid), run.bucket, new Date(lastTick + 3_600_000));
      expect(later.state).toBe('NoData');
      expect(later.finalState).toBe('Normal');
    }
  });

  it('Bollinger cross fires for the jump above and the drop below the bands', async () => {
    const r = await evaluateAt(rule('tickflow-bollinger-cross'), run.bucket, justAfter);
    expect(r.firing).toEqual(['DROP', 'JUMP']);
    const pctB = (s: string) => r.values.B?.items.find((x) => x.labels.symbol === s) as { value: number };
    expect(pctB('JUMP').value).toBeGreaterThan(1);
    expect(pctB('DROP').value).toBeLessThan(0);
    expect(pctB('CALM').value).toBeGreaterThan(0);
    expect(pctB('CALM').value).toBeLessThan(1);
  });

  it('stale feed: normal 30 s after the last quote, firing after 10 minutes, and with no quote for a week', async () => {
    const fresh = await evaluateAt(rule('tickflow-stale-feed'), run.bucket, justAfter);
    expect(fresh.finalState).toBe('Normal');
    const age = fresh.values.B?.items.find((x) => x.labels.symbol === 'RALLY') as { value: number };
    expect(age.value).toBeCloseTo(30, 6);
    const stale = await evaluateAt(rule('tickflow-stale-feed'), run.bucket, new Date(lastTick + 10 * 60_000));
    expect(stale.finalState).toBe('Alerting');
    expect(stale.firing).toEqual(SYMBOLS);
    const silent = await evaluateAt(rule('tickflow-stale-feed'), run.bucket, new Date(lastTick + 8 * 86_400_000));
    expect(silent.state).toBe('NoData');
    expect(silent.finalState).toBe('Alerting'); // noDataState: Alerting
  });
});

describe('RSI rules when two measurements carry rsi_14 (the `candle` line of candle mode and the `quote` line of tick mode)', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0);
  let bucket: string;

  beforeAll(async () => {
    bucket = await createBucket(uniqueName('ga-rsi'));
    // Series come out by series key: DUP's `candle` series (the newer value) before its
    // `quote` series (the older one), with ZZZ's in between.
    await writeLines(bucket, [
      `quote,symbol=DUP rsi_14=60 ${now - 120_000}`,
      `candle,symbol=ZZZ,interval=1m rsi_14=50 ${now - 90_000}`,
      `candle,symbol=DUP,interval=1m rsi_14=80 ${now - 60_000}`,
    ]);
  });

  it('one alert instance per symbol, from its newest RSI whichever measurement holds it, never Error', async () => {
    const r = await evaluateAt(rule('tickflow-rsi-overbought'), bucket, new Date(now));
    expect(r.state).not.toBe('Error');
    expect(r.instances.map((i) => [i.labels.symbol, i.value, i.firing])).toEqual([['DUP', 1, true], ['ZZZ', 0, false]]);
    expect(r.values.B?.items.map((i) => ('value' in i ? i.value : NaN))).toEqual([80, 50]);
  });
});

describe('stale feed and market sessions (crafted quotes with Yahoo market state)', () => {
  // Pinned inside New York's regular session (Wed 25 Nov 2026, 15:20 EST = 20:20 UTC): whether
  // an open session's silence is stale now depends on the exchange's hours, not only the state.
  const now = Date.UTC(2026, 10, 25, 20, 20);
  let bucket: string;

  beforeAll(async () => {
    bucket = await createBucket(uniqueName('ga-stale'));
    await writeLines(bucket, [
      // The equity's feed died overnight: its last quote, 12 hours ago, says CLOSED.
      `quote,symbol=AAPL price=190.5,volume=10 ${now - 12 * 3_600_000 - 1000}`,
      `quote,symbol=AAPL market_state="CLOSED" ${now - 12 * 3_600_000}`,
      // After hours, sparse: 20 minutes without a quote is normal.
      `quote,symbol=TSLA price=250,volume=1,market_state="POST" ${now - 20 * 60_000}`,
      // Open session, silent for 10 minutes: stale.
      `quote,symbol=MSFT price=410,volume=5,market_state="REGULAR" ${now - 10 * 60_000}`,
      // 24/7, no session state: silent for 10 minutes is stale; fresh is fine.
      `quote,symbol=BTC-USD price=90000,volume=1 ${now - 10 * 60_000}`,
      `quote,symbol=ETH-USD price=3000,volume=1 ${now - 20_000}`,
    ]);
  });

  it('fires for symbols silent while their market is open (or 24/7), including a feed that died overnight', async () => {
    const r = await evaluateAt(rule('tickflow-stale-feed'), bucket, new Date(now));
    expect(r.finalState).toBe('Alerting');
    // AAPL's last quote (CLOSED, 03:20 New York) is from before today's 09:30 open: silent since the open.
    expect(r.firing).toEqual(['AAPL', 'BTC-USD', 'MSFT']);
    const age = (s: string) => (r.values.B?.items.find((x) => x.labels.symbol === s) as { value: number }).value;
    expect(age('AAPL')).toBeCloseTo((15 * 60 + 20 - (9 * 60 + 30)) * 60, 6);
    expect(age('TSLA')).toBe(0); // a POST quote after today's open: the session is over for it
    expect(r.instances.map((i) => i.labels.symbol).sort()).toEqual(['AAPL', 'BTC-USD', 'ETH-USD', 'MSFT', 'TSLA']);
  });

  it('resolves when quotes come back, and stays quiet when the session opens and ticks', async () => {
    await writeLines(bucket, [
      `quote,symbol=BTC-USD price=90100,volume=1 ${now + 5_000}`,
      `quote,symbol=MSFT price=411,volume=5,market_state="REGULAR" ${now + 5_000}`,
      `quote,symbol=AAPL price=191,volume=5,market_state="REGULAR" ${now + 5_000}`,
    ]);
    const r = await evaluateAt(rule('tickflow-stale-feed'), bucket, new Date(now + 30_000));
    expect(r.firing).toEqual([]);
    expect(r.finalState).toBe('Normal');
  });
});

describe('stale feed and the exchange regular session (feeds that stop without a CLOSED quote)', () => {
  // Wed 25 Nov 2026: New York is on EST (UTC-5), London on GMT (UTC+0).
  const ny = (h: number, m: number, day = 25) => Date.UTC(2026, 10, day, h + 5, m);
  const utc = (h: number, m: number) => Date.UTC(2026, 10, 25, h, m);
  let bucket: string;
  const stale = async (at: number) => {
    const r = await evaluateAt(rule('tickflow-stale-feed'), bucket, new Date(at));
    // B: the reduced age in seconds (0 while the market is closed).
    const items = (r.values.B?.items ?? []) as { labels: Record<string, string>; value: number }[];
    return { ...r, age: Object.fromEntries(items.map((i) => [i.labels.symbol, i.value])) };
  };

  beforeAll(async () => {
    bucket = await createBucket(uniqueName('ga-session'));
    await writeLines(bucket, [
      // Stops exactly at the 16:00 close, its last state still REGULAR.
      `quote,symbol=ATCLOSE price=10,volume=1,market_state="REGULAR" ${ny(16, 0)}`,
      // Stops at 15:00, an hour before the close.
      `quote,symbol=MIDDAY price=20,volume=1,market_state="REGULAR" ${ny(15, 0)}`,
      // Stops in pre-market at 09:00 and never delivers the open.
      `quote,symbol=EARLY price=30,volume=1,market_state="PRE" ${ny(9, 0)}`,
      // London (suffix .L, 08:00-16:30 local): stops at 11:00 London.
      `quote,symbol=BP.L price=5,volume=1,market_state="REGULAR" ${utc(11, 0)}`,
      // Dies after hours the evening before (last state POST): nothing the next morning.
      `quote,symbol=NIGHT price=40,volume=1,market_state="POST" ${ny(19, 0, 24)}`,
    ]);
  });

  it('a feed that died after hours is stale 300 s after the next open, not before', async () => {
    expect((await stale(ny(9, 34))).age.NIGHT).toBeCloseTo(240, 6);
    const r = await stale(ny(9, 40));
    expect(r.age.NIGHT).toBeCloseTo(600, 6);
    expect(r.firing).toContain('NIGHT');
  });

  it('a feed that stops at 16:00 New York while REGULAR is not stale at 16:20', async () => {
    const r = await stale(ny(16, 20));
    expect(r.age.ATCLOSE).toBe(0);
    expect(r.firing).toEqual([]);
    expect(r.finalState).toBe('Normal');
  });

  it('a feed that stops at 15:00 while REGULAR is stale at 15:20 (and so is a pre-market feed that missed the open)', async () => {
    const r = await stale(ny(15, 20));
    expect(r.firing).toEqual(['EARLY', 'MIDDAY', 'NIGHT']);
    expect(r.age.MIDDAY).toBeCloseTo(1200, 6);
    expect(r.age['BP.L']).toBe(0); // London closed at 16:30 GMT, hours ago
    expect(r.finalState).toBe('Alerting');
    // The same silence resolves at the close.
    expect((await stale(ny(16, 1))).firing).toEqual([]);
  });

  it('pre-market silence is not stale; the regular session of the symbol\'s own exchange counts', async () => {
    const early = await stale(ny(9, 20));
    expect(early.age.EARLY).toBe(0);
    // 11:20 London: BP.L is silent 20 minutes inside its session; New York is not open yet.
    const london = await stale(utc(11, 20));
    expect(london.firing).toEqual(['BP.L']);
    expect(london.age['BP.L']).toBeCloseTo(1200, 6);
  });

  it('a weekend inside the usual hours is not stale', async () => {
    const saturday = await stale(ny(15, 20, 28));
    expect(saturday.instances.map((i) => i.labels.symbol).sort()).toEqual(['ATCLOSE', 'BP.L', 'EARLY', 'MIDDAY', 'NIGHT']);
    expect(saturday.firing).toEqual([]);
  });
});

describe('pipeline rules', () => {
  it('dead letters: firing over the window with the burst, normal before it and after it', async () => {
    const during = await evaluateAt(rule('tickflow-dead-letters'), run.bucket, new Date(afterDeadLetters), 'reason');
    expect(during.finalState).toBe('Alerting');
    expect(during.firing).toEqual(['not_json']);
    expect(during.instances[0]?.value).toBe(1);
    const count = during.values.B?.items[0] as { value: number; labels: Record<string, string> };
    expect(count.value).toBe(3);
    expect(count.labels.topic).toBe(run.quotes);
    // Before the burst: no dead-letter counter yet -> no data -> OK.
    const before = await evaluateAt(rule('tickflow-dead-letters'), run.bucket, new Date(beforeDeadLetters - 1000), 'reason');
    expect(before.finalState).toBe('Normal');
    // A window starting after the burst: the counter did not move -> 0 -> normal.
    const after = await evaluateAt(rule('tickflow-dead-letters'), run.bucket, new Date(afterDeadLetters + 300_000), 'reason');
    expect(after.state).toBe('Normal');
    expect((after.values.B?.items[0] as { value: number }).value).toBe(0);
  });

  it('consumer lag: fires for the partition over 10000, not for the others', async () => {
    const bucket = await createBucket(uniqueName('ga-lag'));
    const now = Date.now();
    await writeLines(bucket, [
      ...[2, 1].map((m) => `pipeline,instance=i1,kind=lag,partition=0,topic=market.quotes lag=50000 ${now - m * 60_000}`),
      ...[2, 1].map((m) => `pipeline,instance=i1,kind=lag,partition=1,topic=market.quotes lag=3 ${now - m * 60_000}`),
    ]);
    const r = await evaluateAt(rule('tickflow-consumer-lag'), bucket, new Date(now), 'partition');
    expect(r.finalState).toBe('Alerting');
    expect(r.firing).toEqual(['0']);
    expect(r.instances).toHaveLength(2);
  });
});

describe('sales rules on crafted windows', () => {
  // Per-minute partial windows on two partitions, as the processor writes them.
  const T = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const WEEK = 7 * 86_400_000;
  const minute = (ts: number, revenue: number, orders = 1, highTicket = 0) =>
    [0, 1].map((p) => `sales,dim=total,key=all,partition=${p},window=60s revenue=${revenue / 2},orders=${orders / 2},units=1,high_ticket=${p === 0 ? highTicket : 0} ${ts}`);
  const hour = (end: number, revenuePerMin: number, ordersPerMin = 1) => Array.from({ length: 60 }, (_, i) => minute(end - (i + 1) * 60_000, revenuePerMin, ordersPerMin)).flat();
  const crafted = async (lines: string[]) => {
    const bucket = await createBucket(uniqueName('ga-sales'));
    await writeLines(bucket, lines);
    return bucket;
  };

  it('revenue drop ignores the daily cycle: this hour as slow as the same hour last week is normal', async () => {
    // The evening dip: a tenth of the hour before, exactly like last week.
    const bucket = await crafted([...hour(T - 3_600_000, 1000), ...hour(T, 100), ...hour(T - WEEK, 100)]);
    const r = await evaluateAt(rule('tickflow-revenue-drop'), bucket, new Date(T));
    expect((r.values.E?.items[0] as { value: number }).value).toBeCloseTo(0, 9);
    expect(r.finalState).toBe('Normal');
  });

  it('revenue drop fires at -90% vs the same hour last week', async () => {
    const bucket = await crafted([...hour(T, 100), ...hour(T - WEEK, 1000)]);
    const r = await evaluateAt(rule('tickflow-revenue-drop'), bucket, new Date(T));
    expect((r.values.E?.items[0] as { value: number }).value).toBeCloseTo(-90, 9);
    expect(r.finalState).toBe('Alerting');
    // An hour without any sale is a -100% drop, not "no data".
    const silent = await evaluateAt(rule('tickflow-revenue-drop'), await crafted(hour(T - WEEK, 1000)), new Date(T));
    expect((silent.values.E?.items[0] as { value: number }).value).toBeCloseTo(-100, 9);
    expect(silent.finalState).toBe('Alerting');
  });

  it('revenue drop needs a minimum of orders in the reference hour', async () => {
    // Last week's hour had 10 orders (under 20): noise, whatever the change.
    const bucket = await crafted([...hour(T, 10), ...minute(T - WEEK - 30 * 60_000, 5000, 10)]);
    const r = await evaluateAt(rule('tickflow-revenue-drop'), bucket, new Date(T));
    expect((r.values.E?.items[0] as { value: number }).value).toBeLessThan(-50);
    expect(r.finalState).toBe('Normal');
  });

  it('high-ticket surge fires on 30 in 15 minutes vs 15 an hour, not on the baseline', async () => {
    const lines: string[] = [];
    for (let m = 75; m >= 1; m--) lines.push(...minute(T - m * 60_000, 100, 1, m <= 15 ? 2 : m % 4 === 0 ? 1 : 0));
    const bucket = await crafted(lines);
    const surge = await evaluateAt(rule('tickflow-high-ticket-surge'), bucket, new Date(T));
    expect(surge.finalState).toBe('Alerting');
    expect((surge.values.C?.items[0] as { value: number }).value).toBe(30);
    expect((surge.values.D?.items[0] as { value: number }).value).toBe(15);
    const calm = await evaluateAt(rule('tickflow-high-ticket-surge'), bucket, new Date(T - 15 * 60_000));
    expect(calm.finalState).toBe('Normal');
  });

  it('high-ticket surge sees the first surge after a quiet hour (zero baseline)', async () => {
    const lines: string[] = [];
    for (let m = 12; m >= 1; m--) lines.push(...minute(T - m * 60_000, 2000, 1, 1));
    const bucket = await crafted(lines);
    const surge = await evaluateAt(rule('tickflow-high-ticket-surge'), bucket, new Date(T));
    expect((surge.values.D?.items[0] as { value: number }).value).toBe(0);
    expect(surge.firing).toHaveLength(1);
    expect(surge.finalState).toBe('Alerting');
  });
});

describe('pipeline health rules on crafted self-metrics', () => {
  const now = Math.floor(Date.now() / 1000) * 1000;
  it('write errors fire when the counter grows, not when it stays', async () => {
    const bucket = await createBucket(uniqueName('ga-writes'));
    await writeLines(bucket, [
      ...[4, 3, 2].map((m, k) => `pipeline,instance=i1,kind=influx write_errors=${k === 2 ? 3 : 0},write_retries=0,rejected_lines=0 ${now - m * 60_000}`),
      ...[4, 3, 2].map((m) => `pipeline,instance=i2,kind=influx write_errors=7,write_retries=0,rejected_lines=0 ${now - m * 60_000}`),
    ]);
    const r = await evaluateAt(rule('tickflow-write-errors'), bucket, new Date(now), 'instance');
    expect(r.firing).toEqual(['i1']);
    expect(r.instances).toHaveLength(2);
  });

  it('latency fires above 5 s p99; checkpoint age above 5 minutes', async () => {
    const bucket = await createBucket(uniqueName('ga-latency'));
    await writeLines(bucket, [
      `pipeline,instance=slow,kind=latency p50_ms=900,p99_ms=7000,max_ms=9000 ${now - 60_000}`,
      `pipeline,instance=fast,kind=latency p50_ms=9,p99_ms=40,max_ms=80 ${now - 60_000}`,
      `pipeline,instance=slow,kind=checkpoint age_ms=400000,checkpoints=3,bytes=100,duration_ms=5 ${now - 60_000}`,
      `pipeline,instance=fast,kind=checkpoint age_ms=2000,checkpoints=90,bytes=100,duration_ms=5 ${now - 60_000}`,
    ]);
    expect((await evaluateAt(rule('tickflow-latency-high'), bucket, new Date(now), 'instance')).firing).toEqual(['slow']);
    expect((await evaluateAt(rule('tickflow-checkpoint-age'), bucket, new Date(now), 'instance')).firing).toEqual(['slow']);
  });
});
