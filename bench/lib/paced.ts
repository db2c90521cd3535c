import type { QuoteEvent } from '@tickflow/contracts';
import { MarketSimulator, specFor } from '../../producer/src/sim/core/market-sim.js';
import { pump } from '../../producer/src/pump/pump.js';
import type { Source } from '../../producer/src/pump/source.js';
import type { KafkaSink } from '../../producer/src/sinks/kafka-sink.js';
import { symbolNames } from './events.js';
import { queryCsv } from './influx.js';
import { MARKER_SYMBOL, pollMarkers } from './markers.js';


/**
 * Live quotes for `symbols` symbols, the i-th at event time start + i / rate (so at --speed 1
 * the pump offers exactly `rate`/s, catching up after any stall), and every 100 ms a marker
 * quote (symbol ZZMARKER, ts = its slot in the schedule) whose arrival in InfluxDB is timed.
 */
function liveQuotes(symbols: number, rate: number, sentAt: Map<number, number>): Source & { markers: number } {
  const startTs = Date.now();
  const sim = new MarketSimulator({ symbols: symbolNames(symbols).map(specFor), seed: rate, startTs, tickMs: 1000 });
  const src = {
    markers: 0,
    async *[Symbol.asyncIterator]() {
      let nextMarker = startTs;
      let lastMarkerTs = 0;
      for (let i = 0; ; ) {
        for (const q of sim.next()) {
          // Markers are stamped with their slot in the schedule, not when the pump pulls them:
          // a pump that falls behind the offered rate shows up in the latency.
          const scheduled = startTs + Math.floor((i * 1000) / rate);
          if (scheduled >= nextMarker) {
            const ts = Math.max(scheduled, lastMarkerTs + 1);
            lastMarkerTs = ts;
            sentAt.set(ts, scheduled);
            src.markers++;
            nextMarker += 100;
            const marker: QuoteEvent = { v: 1, symbol: MARKER_SYMBOL, ts, price: 1, volume: 0, currency: 'USD', marketState: 'REGULAR', source: 'sim' };
            yield { kind: 'quote' as const, event: marker };
          }
          i++;
          yield { kind: 'quote' as const, event: { ...q, ts: scheduled, marketState: 'REGULAR' as const } };
        }
      }
    },
  };
  return src;
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
 * Offers `rate` quotes/s for `seconds` through the producer's own pump (paced by event time,
 * batches bounded, linger 5 ms) and the real KafkaSink, timing each marker until it is queryable.
 */
export async function pacedLoad(sink: KafkaSink, bucket: string, symbols: number, rate: number, seconds: number, drainMs = 15_000): Promise<PacedResult> {
  const sentAt = new Map<number, number>();
  const startedAt = Date.now();
  const poller = pollMarkers(bucket, sentAt);
  const src = liveQuotes(symbols, rate, sentAt);
  const result = await pump(src, sink, AbortSignal.timeout(seconds * 1000), { speed: 1, lingerMs: 5 });
  const endedAt = Date.now();
  await poller.stop(drainMs);
  return { sent: result.sent - src.markers, seconds: (endedAt - startedAt) / 1000, markerLatencies: poller.latencies, markersSent: src.markers, startedAt, endedAt };
}

export interface InternalLatency {
  p50: number;
  p99: number;
  max: number;
  /** Worst interval's p99 of each stage: record ts -> handled, handled -> write start, write -> ack, ms. */
  stages: { handle: number; queue: number; write: number };
  /** Worst interval's event-loop delay (p99, max) and longest GC pause, ms. */
  runtime: { eventLoopP99: number; eventLoopMax: number; gcMaxPause: number };
}

/** The processor's own latency self-metrics (`pipeline`, kind=latency) written in [from, to]. */
export async function internalLatency(bucket: string, from: number, to: number): Promise<InternalLatency> {
  const rows = await queryCsv(
    `from(bucket: "${bucket}") |> range(start: time(v: ${from * 1e6}), stop: time(v: ${to * 1e6})) |> filter(fn: (r) => r._measurement == "pipeline" and (r.kind == "latency" or r.kind == "runtime"))`,
  );
  const values = (field: string): number[] => rows.filter((r) => r._field === field).map((r) => Number(r._value));
  const p50s = values('p50_ms').sort((a, b) => a - b);
  const worst = (xs: number[]): number => (xs.length === 0 ? NaN : Math.max(...xs));
  // Per 5-s interval figures: the median interval's p50, the worst interval's p99 and max.
  const stages = { handle: worst(values('handle_p99_ms')), queue: worst(values('queue_p99_ms')), write: worst(values('write_p99_ms')) };
  const runtime = { eventLoopP99: worst(values('event_loop_p99_ms')), eventLoopMax: worst(values('event_loop_max_ms')), gcMaxPause: worst(values('gc_max_pause_ms')) };
  return { p50: p50s[Math.floor(p50s.length / 2)] ?? NaN, p99: worst(values('p99_ms')), max: worst(values('max_ms')), stages, runtime };
}

/** The processor's heap used (`pipeline` kind=runtime, every report period) in [from, to]: time ms, bytes. */
export async function heapUsed(bucket: string, from: number, to: number): Promise<{ t: number; bytes: number }[]> {
  const rows = await queryCsv(
    `from(bucket: "${bucket}") |> range(start: time(v: ${from * 1e6}), stop: time(v: ${to * 1e6})) |> filter(fn: (r) => r._measurement == "pipeline" and r.kind == "runtime" and r._field == "heap_used_bytes")`,
  );
  return rows.map((r) => ({ t: Date.parse(r._time as string), bytes: Number(r._value) })).sort((a, b) => a.t - b.t);
}
