import { TickflowError } from '@tickflow/contracts';
import { UsageError } from '../commands/usage-error.js';
import { BACKFILL_INTERVALS, isBackfillInterval, planChunks } from './core/backfill-plan.js';
import { runBackfill, type BackfillProgress, type BackfillStats } from './sources/backfill-runner.js';
import { systemClock } from '../pump/clock.js';
import { createYahooClient } from './sources/yahoo-client.js';
import { pushSource } from '../pump/push-source.js';
import type { Command } from '../commands/command.js';
import { list, listFlag, time, timeFlag } from '../commands/flag-values.js';

export const backfillCommand: Command = {
  name: 'backfill',
  summary: 'Historical Yahoo candles through chart(): one QuoteEvent per candle (price = close), idempotent.',
  flags: {
    symbols: { type: 'string', description: 'Comma-separated Yahoo symbols', default: 'AAPL', parse: list },
    from: { type: 'string', description: 'Start (inclusive): ISO date/time or epoch ms (required)', parse: time },
    to: { type: 'string', description: 'End (exclusive): now, ISO date/time or epoch ms', default: 'now', parse: time },
    interval: { type: 'string', description: 'Candle interval', default: '1d', choices: BACKFILL_INTERVALS },
  },
  async open({ counters, log, signal, fetch }, flags) {
    const symbols = [...new Set(listFlag(flags, 'symbols').map((s) => s.toUpperCase()))];
    const interval = String(flags.interval);
    if (!isBackfillInterval(interval)) throw new UsageError(`--interval must be one of ${BACKFILL_INTERVALS.join(', ')}, got "${interval}"`);
    if (flags.from === undefined) throw new UsageError('--from is required (ISO date or epoch ms)');
    const now = Date.now();
    const plan = planChunks({ from: timeFlag(flags, 'from', now), to: timeFlag(flags, 'to', now), interval, now });
    if (!plan.ok) throw new UsageError(plan.error);
    if (plan.clampedTo !== undefined) log.warn({ to: new Date(plan.clampedTo).toISOString() }, '--to is in the future: clamped to now');
    log.info({ symbols, interval, requestsPerSymbol: plan.chunks.length }, 'backfilling from Yahoo chart()');
    const job = { symbols, interval, chunks: plan.chunks };
    const client = createYahooClient({ log: log.child({ module: 'yahoo-finance2' }), ...(fetch ? { fetch } : {}) });
    let stats: BackfillStats | undefined;
    // Known up front: every symbol x chunk is one request (a failed symbol's rest count as done).
    const progress: BackfillProgress = { done: 0, total: symbols.length * plan.chunks.length };
    const source = pushSource(
      async (sink, stop) => {
        stats = await runBackfill(job, { client, sink, counters, log, clock: systemClock, signal: stop, progress });
      },
      { signal, progress: () => ({ done: progress.done, total: progress.total, unit: 'requests' }) },
    );
    return {
      source,
      finish(r) {
        if (!stats) return;
        log.info({ ...stats, sent: r.quotes, aborted: r.aborted, candlesPerSec: stats.ms > 0 ? Math.round((stats.candles * 1000) / stats.ms) : undefined }, r.aborted ? 'backfill stopped' : 'backfill done');
        if (stats.symbolsFailed.length > 0) {
          throw new TickflowError(`backfill failed for ${stats.symbolsFailed.join(', ')} (see the log for why)`, 'backfill_incomplete', true);
        }
      },
    };
  },
};
