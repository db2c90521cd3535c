import { MarketSimulator, specFor } from './core/market-sim.js';
import { simSource } from './sources/generated.js';
import type { Command } from '../commands/command.js';
import { UsageError } from '../commands/usage-error.js';
import { duration, durationFlag, integer, list, listFlag, numberFlag, speed, speedFlag, time, timeFlag } from '../commands/flag-values.js';

export const simCommand: Command = {
  name: 'sim',
  summary: 'Simulated quotes: seeded geometric Brownian motion, one quote per symbol per tick.',
  flags: {
    symbols: { type: 'string', description: 'Comma-separated symbols', default: 'AAPL,MSFT,NVDA,BTC-USD,ETH-USD,SHIB-USD', parse: list },
    seed: { type: 'string', description: 'Random seed: the same seed gives the same quotes', default: '42', parse: integer() },
    'tick-ms': { type: 'string', description: 'Event-time spacing between ticks, ms', default: '1000', parse: integer(1) },
    start: { type: 'string', description: 'Event time of the first tick: now, ISO date or epoch ms', default: 'now', parse: time },
    count: { type: 'string', description: 'Ticks to produce; 0 = until stopped (or --duration)', default: '0', parse: integer(0) },
    duration: { type: 'string', description: 'Event time to simulate instead of --count, e.g. 15m, 8h, 2d (ticks = duration / --tick-ms)', parse: duration },
    speed: { type: 'string', description: 'Event time per wall time: 1 = real time, 60 or 60x = a minute per second, or max', default: '1', parse: speed },
  },
  async open({ log }, flags) {
    const symbols = listFlag(flags, 'symbols');
    const tickMs = numberFlag(flags, 'tick-ms');
    const duration = durationFlag(flags, 'duration');
    let count = numberFlag(flags, 'count');
    if (count > 0 && duration > 0) throw new UsageError('give --count or --duration, not both');
    if (duration > 0) count = Math.ceil(duration / tickMs); // a known total: progress shows an ETA
    const sim = new MarketSimulator({
      symbols: symbols.map(specFor),
      seed: numberFlag(flags, 'seed'),
      startTs: timeFlag(flags, 'start', Date.now()),
      tickMs,
    });
    log.info({ symbols: symbols.length > 20 ? `${symbols.length} symbols` : symbols, tickMs, count: count || 'unbounded', speed: flags.speed === Infinity ? 'max' : flags.speed }, 'simulating quotes');
    return {
      source: simSource(sim, count),
      speed: speedFlag(flags),
      finish: (r) => log.info({ quotes: r.quotes, seconds: r.ms / 1000, aborted: r.aborted }, 'simulation done'),
    };
  },
};
