import type { QuoteEvent } from '@tickflow/contracts';
import { MarketSimulator, specFor } from '../../producer/src/core/market-sim.js';
import type { KafkaSink } from '../../producer/src/sinks/kafka-sink.js';
import { symbolNames } from './events.js';
import { queryCsv } from './influx.js';

export const MARKER_SYMBOL = 'ZZMARKER';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Live quotes for `symbols` symbols at `rate` events/s: event time advances with wall time. */
class LiveQuotes {
  private readonly sim: MarketSimulator;
  private pending: QuoteEvent[] = [];

  constructor(symbols: number, rate: number) {
    const tickMs = Math.max(1, Math.round((1000 * symbols) / rate));
    this.sim = new MarketSimulator({ symbols: symbolNames(symbols).map(specFor), seed: rate, startTs: Date.now(), tickMs });
  }

  next(n: number): QuoteEvent[] {
    while (this.pending.length < n) for (const q of this.sim.next()) this.pending.push({ ...q, marketState: 'REGULAR' });
    return this.pending.splice(0, n);
  }
}

export interface PacedResult {
  sent: number;
  seconds: number;
  /** Marker send time -> first seen in an InfluxDB query, ms. */
  markerLatencies: number[];
  markersSent: number;
  startedAt: number;
  endedAt: number;
}

/**
 * Offers `rate` quotes/s through the real KafkaSink for `seconds`, due events sent every few
 * ms (sends are awaited, so a slow send makes the next batch bigger, never skips events).
 * Every 100 ms a marker quote (symbol ZZMARKER, ts = send time) rides along; a poller queries
 * InfluxDB in a loop and records when each marker's `quote` point becomes visible.
 */
export async function pacedLoad(sink: KafkaSink, bucket: string, symbols: number, rate: number, seconds: number, drainMs = 15_000): Promise<PacedResult> {
  const src = new LiveQuotes(symbols, rate);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const startedAt = Date.now();
  const end = startedAt + seconds * 1000;
  let polling = true;
  let lastSeen = startedAt - 1;
  const poller = (async () => {
    while (polling) {
      const rows = await queryCsv(
        `from(bucket: "${bucket}") |> range(start: time(v: ${(lastSeen + 1) * 1e6})) |> filter(fn: (r) => r._measurement == "quote" and r.symbol == "${MARKER_SYMBOL}" and r._field == "price") |> keep(columns: ["_time"])`,
      ).catch(() => []);
      const seenAt = Date.now();
      for (const r of rows) {
        const ts = Date.parse(r._time ?? '');
        if (!Number.isFinite(ts) || !sentAt.has(ts)) continue;
        latencies.push(seenAt - (sentAt.get(ts) as number));
        sentAt.delete(ts);
        if (ts > lastSeen) lastSeen = ts;
      }
      await sleep(20);
    }
  })();

  let sent = 0;
  let nextMarker = startedAt;
  let lastMarkerTs = 0;
  let markersSent = 0;
  for (let now = Date.now(); now < end; now = Date.now()) {
    // At most 5,000 per send: a producer that fell behind catches up in several requests.
    const due = Math.min(5000, Math.floor(((now - startedAt) / 1000) * rate) - sent);
    const batch = due > 0 ? src.next(due) : [];
    if (now >= nextMarker) {
      const ts = Math.max(now, lastMarkerTs + 1);
      lastMarkerTs = ts;
      sentAt.set(ts, now);
      markersSent++;
      batch.push({ v: 1, symbol: MARKER_SYMBOL, ts, price: 1, volume: 0, currency: 'USD', marketState: 'REGULAR', source: 'sim' });
      nextMarker += 100;
    }
    if (batch.length > 0) await sink.quotes(batch);
    else await sleep(2);
    sent += Math.max(0, due);
  }
  const endedAt = Date.now();
  const until = endedAt + drainMs;
  while (sentAt.size > 0 && Date.now() < until) await sleep(50);
  polling = false;
  await poller;
  return { sent, seconds: (endedAt - startedAt) / 1000, markerLatencies: latencies, markersSent, startedAt, endedAt };
}

/** The processor's own latency self-metrics (`pipeline`, kind=latency) written in [from, to]. */
export async function internalLatency(bucket: string, from: number, to: number): Promise<{ p50: number; p99: number; max: number }> {
  const rows = await queryCsv(
    `from(bucket: "${bucket}") |> range(start: time(v: ${from * 1e6}), stop: time(v: ${to * 1e6})) |> filter(fn: (r) => r._measurement == "pipeline" and r.kind == "latency")`,
  );
  const values = (field: string): number[] => rows.filter((r) => r._field === field).map((r) => Number(r._value));
  const p50s = values('p50_ms').sort((a, b) => a - b);
  const worst = (xs: number[]): number => (xs.length === 0 ? NaN : Math.max(...xs));
  // Per 5-s interval figures: the median interval's p50, the worst interval's p99 and max.
  return { p50: p50s[Math.floor(p50s.length / 2)] ?? NaN, p99: worst(values('p99_ms')), max: worst(values('max_ms')) };
}
