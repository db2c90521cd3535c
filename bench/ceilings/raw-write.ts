/**
 * Ceiling: InfluxDB alone. POSTs LINES lines of realistic quote/indicator line protocol to
 * BUCKET in requests of BATCH lines, one at a time (as the processor does), optionally
 * gzipped (GZIP=1), over SERIES symbols (default 1000); WRITER=1 sends them through the processor's InfluxWriter (the
 * influxdb-client WriteApi, gzip above 64 KB) instead of plain fetch.
 * Prints {"lines":n,"seconds":s,"requests":r,"cpuUsPerLine":c}.
 */
import { createLogger } from '@tickflow/common';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../processor/src/config.js';
import { LineBatch } from '../../processor/src/core/line-batch.js';
import { InfluxWriter } from '../../processor/src/sinks/influx-writer.js';
import { tickLine } from '../lib/tick-line.js';

async function main(): Promise<void> {
  const total = Number(process.env.LINES ?? 200_000);
  const batch = Number(process.env.BATCH ?? 5000);
  const gzip = process.env.GZIP === '1';
  const url = `${process.env.INFLUX_URL}/api/v2/write?org=${encodeURIComponent(process.env.INFLUX_ORG ?? 'tickflow')}&bucket=${encodeURIComponent(process.env.BUCKET ?? '')}&precision=ns`; // as the processor writes
  const headers: Record<string, string> = { Authorization: `Token ${process.env.INFLUX_TOKEN}`, 'Content-Type': 'text/plain; charset=utf-8' };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  const t0 = Date.parse('2026-01-05T00:00:00Z');
  // Quote lines carrying every indicator over 1000 symbols, like the processor's tick output
  // (one line per tick).
  const series = Number(process.env.SERIES ?? 1000); // symbols: InfluxDB's cost per line grows with them
  const line = (i: number): string => {
    const sym = `SYM${String(i % series).padStart(5, '0')}`;
    const ts = t0 + Math.floor(i / series) * 1000;
    const p = 100 + (i % 97) / 7;
    return tickLine(sym, `${ts}000000`, p, i % 500);
  };
  const bodies: string[] = [];
  for (let i = 0; i < total; i += batch) bodies.push(Array.from({ length: Math.min(batch, total - i) }, (_, k) => line(i + k)).join('\n'));
  const target = { url: process.env.INFLUX_URL ?? '', token: process.env.INFLUX_TOKEN ?? '', org: process.env.INFLUX_ORG ?? 'tickflow', bucket: process.env.BUCKET ?? '', gzipThresholdBytes: Number(process.env.GZIP_THRESHOLD ?? 0) };
  const writer = process.env.WRITER === '1' ? new InfluxWriter(target, { ...loadConfig({ KAFKA_BROKERS: 'unused:9092', INFLUX_URL: target.url, INFLUX_TOKEN: target.token }).influxRequests, batchLines: batch }, createLogger('raw-write', 'warn')) : undefined;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const body of bodies) {
    if (writer) {
      await writer.write(LineBatch.of(body.split('\n')));
      continue;
    }
    // Compression is timed: it is CPU the writer would spend.
    const res = await fetch(url, { method: 'POST', headers, body: gzip ? gzipSync(body) : body });
    if (res.status !== 204) throw new Error(`write ${res.status}: ${await res.text()}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ lines: total, seconds, requests: bodies.length, cpuUsPerLine: (used.user + used.system) / total })}\n`);
}

main().catch((err) => {
  process.stderr.write(`raw-write: ${String(err)}\n`);
  process.exit(1);
});
