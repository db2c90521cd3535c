import { SalesGenerator } from '../core/sales-gen.js';
import type { Command } from './command.js';
import { numberFlag, pause, speedFlag, timeFlag } from './flag-values.js';

export const salesCommand: Command = {
  name: 'sales',
  summary: 'Generated e-commerce orders: seeded, with seasonality, repeat buyers and a heavy tail.',
  flags: {
    seed: { type: 'string', description: 'Random seed: the same seed gives the same orders and ids', default: '7' },
    rate: { type: 'string', description: 'Orders per second at the daily peak (event time)', default: '5' },
    start: { type: 'string', description: 'Event time of the first order: now, ISO date or epoch ms', default: 'now' },
    count: { type: 'string', description: 'Orders to produce; 0 = until stopped', default: '0' },
    speed: { type: 'string', description: 'Event time per wall time (1 = real time), or max', default: '1' },
    customers: { type: 'string', description: 'Size of the customer pool', default: '5000' },
  },
  async run({ sink, log, signal }, flags) {
    const count = numberFlag(flags, 'count', { min: 0, int: true });
    const speed = speedFlag(flags);
    const startTs = timeFlag(flags, 'start', Date.now());
    const gen = new SalesGenerator({
      seed: numberFlag(flags, 'seed', { int: true }),
      startTs,
      peakRatePerSec: numberFlag(flags, 'rate', { min: Number.MIN_VALUE }),
      customers: numberFlag(flags, 'customers', { min: 1, int: true }),
    });
    log.info({ count: count || 'unbounded', rate: flags.rate, speed: flags.speed }, 'generating sales');
    const started = Date.now();
    let sent = 0;
    while (!signal.aborted && (count === 0 || sent < count)) {
      const n = count === 0 ? 100 : Math.min(100, count - sent);
      const batch = Array.from({ length: n }, () => gen.next());
      if (Number.isFinite(speed)) {
        for (const order of batch) {
          await pause(started + (order.ts - startTs) / speed - Date.now(), signal);
          if (signal.aborted) break;
          await sink.sales([order]);
          sent++;
        }
      } else {
        await sink.sales(batch);
        sent += n;
      }
      if (sent % 1000 < n) log.info({ orders: sent }, 'progress');
    }
    log.info({ orders: sent, seconds: (Date.now() - started) / 1000 }, 'sales done');
  },
};
