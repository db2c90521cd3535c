import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Terminal } from '@tickflow/common';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/pump/clock.js';
import { progressOutput, type ProgressFigures, type ProgressOutput } from '../../../src/pump/progress.js';
import type { OutRecord } from '../../../src/pump/sink.js';
import { MemorySink } from '../../support/memory-sink.js';
import { runCommand } from '../../support/run-command.js';
import { chartSlice, FixtureFetch } from '../../support/yahoo-fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const AAPL = resolve(ROOT, 'datasets/aapl-daily-2015-2017.csv');

/**
 * Each command's source tells the pump its total, so every progress report carries done/total
 * and an ETA. Time is a step clock moved by the test's "work" (a send, a request), so the
 * ETA is exact; each step also waits a little real time so the pump's report timer fires.
 */
function harness() {
  let t = 0;
  const clock: Clock = { now: () => t, sleep: async () => undefined };
  const reports: ProgressFigures[] = [];
  const progress: ProgressOutput = { report: (f) => void reports.push(f), end: () => undefined };
  const step = async (ms: number, realMs = 15): Promise<void> => {
    t += ms;
    await delay(realMs);
  };
  const sink = new (class extends MemorySink {
    override async send(records: readonly OutRecord[]): Promise<void> {
      await super.send(records);
      await step(1000); // one batch: one second
    }
  })();
  const midway = () => reports.filter((r) => r.total !== undefined && r.done > 0 && r.done < r.total);
  return { clock, reports, progress, sink, step, midway };
}

const FAST = ['--progress-ms', '100'];

describe('progress with a known total, per command (in-memory sink)', { timeout: 60_000 }, () => {
  it('sim --count: ticks done/total, ETA from the pace so far', async () => {
    const h = harness();
    await runCommand(['sim', '--symbols', 'A,B,C', '--count', '40', '--speed', 'max', '--batch-max-count', '6', '--linger-ms', '0', ...FAST], h.sink, undefined, h);
    expect(h.reports.length).toBeGreaterThan(1);
    for (const r of h.reports) expect(r).toMatchObject({ total: 40, unit: 'ticks' });
    const mid = h.midway();
    expect(mid.length).toBeGreaterThan(0);
    // 6 quotes (2 ticks) a second: the ETA is the ticks left at that pace (a tick may be pulled ahead of its send).
    for (const r of mid) expect(r.etaSec).toBeGreaterThan(0);
    expect(h.reports.at(-1)).toMatchObject({ done: 40, total: 40, percent: 100, etaSec: 0 });
  });

  it('sales --count: orders done/total', async () => {
    const h = harness();
    await runCommand(['sales', '--count', '60', '--speed', 'max', '--batch-max-count', '5', '--linger-ms', '0', ...FAST], h.sink, undefined, h);
    for (const r of h.reports) expect(r).toMatchObject({ total: 60, unit: 'orders' });
    expect(h.midway().length).toBeGreaterThan(0);
    expect(h.reports.at(-1)).toMatchObject({ done: 60, percent: 100, etaSec: 0 });
  });

  it('sim --duration: ticks = duration / tick, as the total', async () => {
    const h = harness();
    const run = await runCommand(['sim', '--symbols', 'A,B', '--duration', '30s', '--tick-ms', '500', '--speed', 'max', '--batch-max-count', '6', '--linger-ms', '0', ...FAST], h.sink, undefined, h);
    expect(run.result.quotes).toBe(2 * 60);
    for (const r of h.reports) expect(r).toMatchObject({ total: 60, unit: 'ticks' });
    expect(h.midway().length).toBeGreaterThan(0);
    expect(h.reports.at(-1)).toMatchObject({ done: 60, percent: 100, etaSec: 0 });
  });

  it('sales --duration: the orders inside the span, progress in event seconds', async () => {
    const h = harness();
    const start = '2026-01-05T12:00:00Z';
    const run = await runCommand(['sales', '--duration', '2m', '--start', start, '--rate', '5', '--speed', 'max', '--batch-max-count', '20', '--linger-ms', '0', ...FAST], h.sink, undefined, h);
    const end = Date.parse(start) + 120_000;
    const ts = h.sink.saleEvents.map((e) => e.ts);
    expect(ts.length).toBeGreaterThan(100);
    expect(Math.max(...ts)).toBeLessThan(end);
    // Same seed, same orders: exactly those before the end, none past it.
    const all = await runCommand(['sales', '--count', String(ts.length + 1), '--start', start, '--rate', '5', '--speed', 'max']);
    expect(all.sink.saleEvents.slice(0, -1)).toEqual(h.sink.saleEvents);
    expect(all.sink.saleEvents.at(-1)!.ts).toBeGreaterThanOrEqual(end);
    for (const r of h.reports) expect(r).toMatchObject({ total: 120, unit: 'event seconds' });
    expect(h.midway().length).toBeGreaterThan(0);
    expect(h.reports.at(-1)).toMatchObject({ done: 120, percent: 100, etaSec: 0 });
    expect(run.result.sales).toBe(ts.length);
  });

  it('--count and --duration together, or a bad duration, are usage errors', async () => {
    await expect(runCommand(['sim', '--count', '5', '--duration', '1m'])).rejects.toThrow('give --count or --duration, not both');
    await expect(runCommand(['sales', '--count', '5', '--duration', '1m'])).rejects.toThrow('give --count or --duration, not both');
    await expect(runCommand(['sales', '--duration', '5 minutes'])).rejects.toThrow('--duration "5 minutes": must be a duration like 90s, 15m, 8h or 2d');
    await expect(runCommand(['sim', '--duration=-1s'])).rejects.toThrow('--duration "-1s": must be a duration');
  });

  it('sim without --count: ticks so far, no total, no ETA', async () => {
    const h = harness();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 400);
    await runCommand(['sim', '--symbols', 'A', '--speed', 'max', '--batch-max-count', '50', ...FAST], h.sink, abort, h);
    expect(h.reports.length).toBeGreaterThan(0);
    for (const r of h.reports) expect(r).toMatchObject({ total: undefined, etaSec: undefined, unit: 'ticks' });
  });

  it('replay: file bytes while reading, then events done/total (the rows that parsed)', async () => {
    const h = harness();
    const run = await runCommand(['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Close', '--date-format', 'YYYY/M/D', '--batch-max-count', '25', '--linger-ms', '0', ...FAST], h.sink, undefined, h);
    expect(run.summary).toMatchObject({ rows: 506, sent: 506 });
    const reading = h.reports.filter((r) => r.unit === 'bytes read');
    for (const r of reading) expect(r.total).toBe(statSync(AAPL).size);
    const sending = h.reports.filter((r) => r.unit === 'events');
    for (const r of sending) expect(r.total).toBe(506);
    expect(h.midway().filter((r) => r.unit === 'events').length).toBeGreaterThan(0);
    expect(h.reports.at(-1)).toMatchObject({ done: 506, total: 506, etaSec: 0 });
  });

  it('replay --order file --keep-time (streamed): bytes read of the file size', async () => {
    const h = harness();
    const args = ['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Close', '--date-format', 'YYYY/M/D', '--order', 'file', '--keep-time', '--speed', 'max'];
    await runCommand([...args, '--batch-max-count', '25', '--linger-ms', '0', ...FAST], h.sink, undefined, h);
    const size = statSync(AAPL).size;
    for (const r of h.reports) expect(r).toMatchObject({ unit: 'bytes read', total: size });
    expect(h.reports.at(-1)).toMatchObject({ done: size, percent: 100 });
  });

  it('backfill: requests done of symbols x chunks, from recorded chart() answers', async () => {
    const h = harness();
    const slice = chartSlice('chart-MSFT-2021-02-01-to-2022-01-31-1d.json');
    const ff = new FixtureFetch().on('query2.finance.yahoo.com/v8/finance/chart/', async (url) => {
      await h.step(60_000, 150); // a request: one minute (and longer than --progress-ms in real time)
      return slice(url);
    });
    const run = await runCommand(['backfill', '--symbols', 'MSFT,AAPL,NVDA,AMZN,META', '--from', '2021-02-01', '--to', '2022-01-31', ...FAST], h.sink, undefined, { ...h, fetch: ff.fetch });
    expect(ff.calls).toHaveLength(5);
    expect(run.result.quotes).toBe(5 * 252);
    for (const r of h.reports) expect(r).toMatchObject({ total: 5, unit: 'requests' });
    const mid = h.midway();
    expect(mid.length).toBeGreaterThan(0);
    for (const r of mid) expect(r.etaSec).toBeGreaterThanOrEqual(60 * (5 - r.done));
    expect(h.reports.at(-1)).toMatchObject({ done: 5, percent: 100, etaSec: 0 });
    // The runner no longer logs its own rate/ETA lines: the pump's progress is the one report.
    expect(run.logs.filter((l) => l.msg === 'backfill progress')).toEqual([]);
  });
});

describe('progress output', () => {
  const figures: ProgressFigures = { done: 1, total: 3, unit: 'requests', percent: 33.3, eventsPerSec: 252, etaSec: 120 };

  it('redraws one line on a terminal: done/total, rate, ETA', () => {
    let written = '';
    const out = progressOutput(pino({ level: 'silent' }), new Terminal({ write: (s: string) => (written += s) }));
    out.report(figures);
    out.report({ ...figures, done: 2, percent: 66.7, etaSec: 60 });
    out.end();
    expect(written).toBe('\r\x1b[2K1/3 requests (33.3%), 252 events/s, ETA 2m00s\r\x1b[2K2/3 requests (66.7%), 252 events/s, ETA 1m00s\n');
  });

  it('logs a structured line otherwise, with total and ETA', () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    progressOutput(log, null).report(figures);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'progress', done: 1, total: 3, unit: 'requests', etaSec: 120, eventsPerSec: 252 });
  });
});
