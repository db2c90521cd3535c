import { SalesGenerator } from './core/sales-gen.js';
import { salesSource } from './sources/generated.js';
import type { Command } from '../commands/command.js';
import { UsageError } from '../commands/usage-error.js';
import { duration, durationFlag, integer, numberFlag, positive, speed, speedFlag, time, timeFlag } from '../commands/flag-values.js';

export const salesCommand: Command = {
  name: 'sales',
  summary: 'Generated e-commerce orders: seeded, with seasonality, repeat buyers and a heavy tail.',
  flags: {
    seed: { type: 'string', description: 'Random seed: the same seed gives the same orders and ids', default: '7', parse: integer() },
    rate: { type: 'string', description: 'Orders per second at the daily peak (event time)', default: '5', parse: positive },
    start: { type: 'string', description: 'Event time of the first order: now, ISO date or epoch ms', default: 'now', parse: time },
    count: { type: 'string', description: 'Orders to produce; 0 = until stopped (or --duration)', default: '0', parse: integer(0) },
    duration: { type: 'string', description: 'Event time to generate orders for instead of --count, e.g. 15m, 8h, 2d', parse: duration },
    speed: { type: 'string', description: 'Event time per wall time: 1 = real time, 60 or 60x = a minute per second, or max', default: '1', parse: speed },
    customers: { type: 'string', description: 'Size of the customer pool', default: '5000', parse: integer(1) },
  },
  async open({ log }, flags) {
    const count = numberFlag(flags, 'count');
    const durationMs = durationFlag(flags, 'duration');
    if (count > 0 && durationMs > 0) throw new UsageError('give --count or --duration, not both');
    const startTs = timeFlag(flags, 'start', Date.now());
    const gen = new SalesGenerator({
      seed: numberFlag(flags, 'seed'),
      startTs,
      peakRatePerSec: numberFlag(flags, 'rate'),
      customers: numberFlag(flags, 'customers'),
    });
    log.info({ count: count || (durationMs ? undefined : 'unbounded'), duration: flags.duration, rate: flags.rate, speed: flags.speed === Infinity ? 'max' : flags.speed }, 'generating sales');
    return {
      source: salesSource(gen, durationMs > 0 ? { until: { startTs, durationMs } } : { count }),
      speed: speedFlag(flags),
      finish: (r) => log.info({ orders: r.sales, seconds: r.ms / 1000, aborted: r.aborted }, 'sales done'),
    };
  },
};
