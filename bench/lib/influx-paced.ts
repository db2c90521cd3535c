import { sleep } from '@tickflow/common';
import { writeLines } from './influx.js';
import { MARKER_SYMBOL, pollMarkers } from './markers.js';
import type { PacedResult } from './paced.js';
import { tickLine } from './tick-line.js';

/** Same cadence as the processor's point lanes: a write every linger, at most this many in flight. */
const LINGER_MS = 5;
const MAX_IN_FLIGHT = 3;

/**
 * Latency ceiling of InfluxDB alone: `rate` tick lines/s over `symbols` series written the way
 * the processor writes them (what is due every 5 ms, up to 3 requests in flight), with a
 * marker line every 100 ms timed from when it was made until a query returns it (the same
 * poller as the end-to-end measurement). No Kafka, no processor.
 */
export async function influxPacedLatency(bucket: string, symbols: number, rate: number, seconds: number, drainMs = 15_000): Promise<PacedResult> {
  const sentAt = new Map<number, number>();
  const startedAt = Date.now();
  const poller = pollMarkers(bucket, sentAt);
  const endAt = startedAt + seconds * 1000;
  let made = 0;
  let markers = 0;
  let nextMarker = startedAt;
  let lastMarkerTs = 0;
  let pending: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  while (Date.now() < endAt && failure === undefined) {
    const now = Date.now();
    const due = Math.floor(((now - startedAt) * rate) / 1000);
    for (; made < due; made++) pending.push(tickLine(`SYM${String(made % symbols).padStart(5, '0')}`, startedAt + Math.floor((made * 1000) / rate), 100 + (made % 97) / 7, 10));
    if (now >= nextMarker) {
      const ts = Math.max(now, lastMarkerTs + 1);
      lastMarkerTs = ts;
      sentAt.set(ts, now);
      markers++;
      nextMarker += 100;
      pending.push(tickLine(MARKER_SYMBOL, ts, 1, 0));
    }
    if (pending.length > 0 && inFlight.size < MAX_IN_FLIGHT) {
      const body = pending.join('\n');
      pending = [];
      const w = writeLines(bucket, body).catch((err: unknown) => void (failure ??= err));
      inFlight.add(w);
      void w.finally(() => inFlight.delete(w));
    }
    await sleep(LINGER_MS);
  }
  await Promise.all(inFlight);
  const endedAt = Date.now();
  await poller.stop(drainMs);
  if (failure !== undefined) throw failure;
  return { sent: made, seconds: (endedAt - startedAt) / 1000, markerLatencies: poller.latencies, markersSent: markers, startedAt, endedAt };
}
