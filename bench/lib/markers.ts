import { sleep } from '@tickflow/common';
import { queryCsv } from './influx.js';

export const MARKER_SYMBOL = 'ZZMARKER';

export interface MarkerPoller {
  /** Marker made -> first query that returned it, ms. */
  readonly latencies: number[];
  /** Waits up to `drainMs` for the markers not yet seen, then stops polling. */
  stop(drainMs: number): Promise<void>;
}

/**
 * Queries InfluxDB in a loop (every ~20 ms plus the query) for `quote` points of the marker
 * symbol and times each marker in `sentAt` (event ts -> when it was made) as it appears.
 */
export function pollMarkers(bucket: string, sentAt: Map<number, number>): MarkerPoller {
  const latencies: number[] = [];
  let polling = true;
  const loop = (async () => {
    while (polling) {
      // From the oldest marker not yet seen (keys are in creation order): writes in flight
      // together may land out of order.
      const oldest = sentAt.keys().next().value;
      if (oldest === undefined) {
        await sleep(5);
        continue;
      }
      const rows = await queryCsv(
        `from(bucket: "${bucket}") |> range(start: time(v: ${oldest * 1e6})) |> filter(fn: (r) => r._measurement == "quote" and r.symbol == "${MARKER_SYMBOL}" and r._field == "price") |> keep(columns: ["_time"])`,
      ).catch(() => []);
      const seenAt = Date.now();
      for (const r of rows) {
        const ts = Date.parse(r._time ?? '');
        if (!Number.isFinite(ts) || !sentAt.has(ts)) continue;
        latencies.push(seenAt - (sentAt.get(ts) as number));
        sentAt.delete(ts);
      }
      await sleep(20);
    }
  })();
  return {
    latencies,
    async stop(drainMs) {
      const until = Date.now() + drainMs;
      while (sentAt.size > 0 && Date.now() < until) await sleep(50);
      polling = false;
      await loop;
    },
  };
}
