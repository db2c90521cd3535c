import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
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
  const step = async (ms: number): Promise<void> => {
    t += ms;
    await delay(15);
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
      await h.step(60_000); // a request: one minute
      return slice(url);
    });
    const run = await runCommand(['backfill', '--symbols', 'MSFT,AAPL,NVDA', '--from', '2021-02-01', '--to', '2022-01-31', ...FAST], h.sink, undefined, { ...h, fetch: ff.fetch });
    expect(ff.calls).toHaveLength(3);
    expect(run.result.quotes).toBe(3 * 252);
    for (const r of h.reports) expect(r).toMatchObject({ total: 3, unit: 'requests' });
    const mid = h.midway();
    expect(mid.length).toBeGreaterThan(0);
    for (const r of mid) expect(r.etaSec).toBeGreaterThanOrEqual(60 * (3 - r.done) * 0.5);
    expect(h.reports.at(-1)).toMatchObject({ done: 3, percent: 100, etaSec: 0 });
    // The runner no longer logs its own rate/ETA lines: the pump's progress is the one report.
    expect(run.logs.filter((l) => l.msg === 'backfill progress')).toEqual([]);
  });
});

describe('progress output', () => {
  const figures: ProgressFigures = { done: 1, total: 3, unit: 'requests', percent: 33.3, eventsPerSec: 252, etaSec: 120 };

  it('redraws one line on a terminal: done/total, rate, ETA', () => {
    let written = '';
    const tty = { isTTY: true, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const out = progressOutput(pino({ level: 'silent' }), tty);
    out.report(figures);
    out.report({ ...figures, done: 2, percent: 66.7, etaSec: 60 });
    out.end();
    expect(written).toBe('\r\x1b[2K1/3 requests (33.3%), 252 events/s, ETA 2m00s\r\x1b[2K2/3 requests (66.7%), 252 events/s, ETA 1m00s\n');
  });

  it('logs a structured line otherwise, with total and ETA', () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    progressOutput(log, undefined).report(figures);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'progress', done: 1, total: 3, unit: 'requests', etaSec: 120, eventsPerSec: 252 });
  });
});
