import { describe, expect, it } from 'vitest';
import type { OutRecord } from '../../../src/pump/sink.js';
import { MemorySink } from '../../support/memory-sink.js';
import { runCommand } from '../../support/run-command.js';
import { chartSlice, FixtureFetch, quotePool, status } from '../../support/yahoo-fixtures.js';

// SIGTERM (the signal main.ts aborts) while a command waits for an hour on the real clock: the
// pacing sleep, a Retry-After backoff, the next poll. Each wait must end at once on abort, or
// the test times out (5 s) instead of an hour; what was pulled is still sent.

/** A sink that aborts the run once its first batch is in. */
function abortAfterFirstSend() {
  const abort = new AbortController();
  const sink = new (class extends MemorySink {
    override async send(records: readonly OutRecord[]): Promise<void> {
      await super.send(records);
      abort.abort();
    }
  })();
  return { abort, sink };
}

describe('SIGTERM during a long wait stops the command', () => {
  it('sim --speed 1 with hourly ticks: stops in the pacing sleep after the first tick', async () => {
    const { abort, sink } = abortAfterFirstSend();
    const run = await runCommand(['sim', '--symbols', 'A,B', '--tick-ms', '3600000', '--speed', '1', '--linger-ms', '0'], sink, abort);
    expect(run.result).toMatchObject({ aborted: true, quotes: run.sink.quoteEvents.length });
    expect(run.sink.quoteEvents.map((q) => q.symbol).slice(0, 2)).toEqual(['A', 'B']);
    expect(run.sink.quoteEvents.length).toBeLessThanOrEqual(4); // the first tick, and at most the next one it had pulled
  });

  it('sales --speed 1 with orders hours apart: stops in the pacing sleep', async () => {
    const { abort, sink } = abortAfterFirstSend();
    const run = await runCommand(['sales', '--rate', '0.0001', '--speed', '1', '--linger-ms', '0'], sink, abort);
    expect(run.result.aborted).toBe(true);
    expect(run.sink.saleEvents.length).toBeGreaterThanOrEqual(1);
    expect(run.sink.saleEvents.length).toBeLessThanOrEqual(2);
  });

  it('backfill: stops while waiting out a one-hour Retry-After', async () => {
    const abort = new AbortController();
    const ff = new FixtureFetch().on('query2.finance.yahoo.com/v8/finance/chart/', chartSlice('chart-MSFT-2021-02-01-to-2022-01-31-1d.json'), (url) => {
      setTimeout(() => abort.abort(), 50); // SIGTERM once the runner is in its backoff
      return status(429, 'Too Many Requests', { 'Retry-After': '3600' })(url);
    });
    const run = await runCommand(['backfill', '--symbols', 'MSFT,AAPL', '--from', '2021-02-01', '--to', '2022-01-31'], new MemorySink(), abort, { fetch: ff.fetch });
    expect(run.result).toMatchObject({ aborted: true, quotes: 252 }); // MSFT was in; AAPL never came
    expect(ff.calls).toHaveLength(2);
    // Stopped, not failed: no "symbol skipped" error and no exit 75 for AAPL.
    expect(run.logs.find((l) => l.msg === 'backfill stopped')).toMatchObject({ symbolsDone: 1, symbolsFailed: [], aborted: true });
    expect(run.logs.filter((l) => l.level === 50)).toEqual([]);
  });

  it('yahoo: stops while waiting for the next hourly poll', async () => {
    const { abort, sink } = abortAfterFirstSend();
    const ff = new FixtureFetch().withCrumbSession().on('query2.finance.yahoo.com/v7/finance/quote', quotePool(['quote-AAPL-BABA.json']));
    const run = await runCommand(['yahoo', '--symbols', 'AAPL', '--interval-ms', '3600000', '--state-dir', 'none', '--linger-ms', '0'], sink, abort, { fetch: ff.fetch });
    expect(run.result.aborted).toBe(true);
    expect(run.sink.quoteEvents.map((q) => [q.symbol, q.source])).toEqual([['AAPL', 'yahoo']]);
    expect(ff.count('query2.finance.yahoo.com/v7/finance/quote')).toBe(1);
  });
});
