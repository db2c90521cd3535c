import { MarketSimulator, specFor } from '../core/market-sim.js';
import type { Command } from './command.js';
import { listFlag, numberFlag, pause, speedFlag, timeFlag } from './flag-values.js';

export const simCommand: Command = {
  name: 'sim',
  summary: 'Simulated quotes: seeded geometric Brownian motion, one quote per symbol per tick.',
  flags: {
    symbols: { type: 'string', description: 'Comma-separated symbols', default: 'AAPL,MSFT,NVDA,BTC-USD,ETH-USD,SHIB-USD' },
    seed: { type: 'string', description: 'Random seed: the same seed gives the same quotes', default: '42' },
    'tick-ms': { type: 'string', description: 'Event-time spacing between ticks, ms', default: '1000' },
    start: { type: 'string', description: 'Event time of the first tick: now, ISO date or epoch ms', default: 'now' },
    count: { type: 'string', description: 'Ticks to produce; 0 = until stopped', default: '0' },
    speed: { type: 'string', description: 'Event time per wall time (1 = real time), or max', default: '1' },
    'batch-ticks': { type: 'string', description: 'Ticks per Kafka send when not paced', default: '100' },
  },
  async run({ sink, log, signal }, flags) {
    const symbols = listFlag(flags, 'symbols');
    const tickMs = numberFlag(flags, 'tick-ms', { min: 1, int: true });
    const count = numberFlag(flags, 'count', { min: 0, int: true });
    const speed = speedFlag(flags);
    const sim = new MarketSimulator({
      symbols: symbols.map(specFor),
      seed: numberFlag(flags, 'seed', { int: true }),
      startTs: timeFlag(flags, 'start', Date.now()),
      tickMs,
    });
    const perSend = Number.isFinite(speed) ? 1 : numberFlag(flags, 'batch-ticks', { min: 1, int: true });
    log.info({ symbols, tickMs, count: count || 'unbounded', speed: flags.speed }, 'simulating quotes');
    const started = Date.now();
    let ticks = 0;
    while (!signal.aborted && (count === 0 || ticks < count)) {
      const n = count === 0 ? perSend : Math.min(perSend, count - ticks);
      const batch = Array.from({ length: n }, () => sim.next()).flat();
      await sink.quotes(batch);
      ticks += n;
      if (Number.isFinite(speed)) await pause(started + (ticks * tickMs) / speed - Date.now(), signal);
      if (ticks % 1000 < n) log.info({ ticks, quotes: sink.stats.quotes }, 'progress');
    }
    log.info({ ticks, quotes: sink.stats.quotes, seconds: (Date.now() - started) / 1000 }, 'simulation done');
  },
};
