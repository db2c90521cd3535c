import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setLogger } from '@influxdata/influxdb-client';
import { createLogger } from '@tickflow/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineBatch } from '../../../src/core/line-batch.js';
import { InfluxWriter } from '../../../src/sinks/influx-writer.js';

setLogger({ error: () => {}, warn: () => {} });
const log = createLogger('test', 'silent');

/**
 * InfluxDB's write endpoint on loopback: keeps every good line, refuses a request holding a
 * line with `BAD` the way InfluxDB refuses a type conflict (400, partial write, dropped=N), and
 * holds responses while `held` (to fill the writer's request slots).
 */
class FakeWriteEndpoint {
  readonly bodies: string[][] = [];
  readonly stored = new Set<string>();
  held = true;
  private readonly waiting: (() => void)[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get heldCount(): number {
    return this.waiting.length;
  }

  release(): void {
    this.held = false;
    for (const go of this.waiting.splice(0)) go();
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const lines = body.split('\n').filter(Boolean);
    this.bodies.push(lines);
    if (this.held) await new Promise<void>((r) => this.waiting.push(r));
    const bad = lines.filter((l) => l.includes('BAD'));
    for (const l of lines) if (!l.includes('BAD')) this.stored.add(l);
    if (bad.length === 0) return void res.writeHead(204).end();
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: 'invalid', message: `partial write: field type conflict: input field "v" on measurement "m" is type integer, already exists as type float dropped=${bad.length}` }));
  }
}

const chunk = (lane: number, n = 10): string[] => Array.from({ length: n }, (_, i) => `m,lane=${lane} v=${i} ${1000 + i}`);

let endpoint: FakeWriteEndpoint | undefined;
afterEach(async () => {
  endpoint?.release();
  await endpoint?.close();
});

/** Three requests at once: the slots the tests fill. */
const WRITE = { batchLines: 5000, lingerMs: 0, concurrency: 3, timeoutMs: 10_000, retryMinDelayMs: 200, retryMaxDelayMs: 10_000 };

async function writerOn(batchLines = WRITE.batchLines, lingerMs = WRITE.lingerMs): Promise<{ writer: InfluxWriter; ep: FakeWriteEndpoint }> {
  const ep = (endpoint = new FakeWriteEndpoint());
  const url = await ep.start();
  return { writer: new InfluxWriter({ url, token: 't', org: 'o', bucket: 'b', gzipThresholdBytes: 0 }, { ...WRITE, batchLines, lingerMs }, log), ep };
}

describe('InfluxWriter request slots', () => {
  it('with every slot busy, the chunks of all lanes that arrive meanwhile leave in ONE request', async () => {
    const { writer, ep } = await writerOn();
    const lanes = Array.from({ length: 8 }, (_, lane) => writer.write(LineBatch.of(chunk(lane))));
    await vi.waitFor(() => expect(ep.heldCount).toBe(WRITE.concurrency));
    ep.release();
    expect(await Promise.all(lanes)).toEqual(Array.from({ length: 8 }, () => []));
    // 3 alone, then the 5 that waited together (before: 8 requests, one per lane).
    expect(ep.bodies.map((b) => b.length)).toEqual([10, 10, 10, 50]);
    expect(ep.stored.size).toBe(80);
    expect(writer.stats).toMatchObject({ writes: 4, lines: 80, rejectedLines: 0 });
  });

  it('a shared request refused for its content: each part is re-sent alone, and only the bad lines are refused, to their own lane', async () => {
    const { writer, ep } = await writerOn();
    // Lane 5 has 4 conflicting lines; lane 6 only 3 good ones: the shared request's
    // "dropped=4" must not read as "all of lane 6 dropped".
    const lines = Array.from({ length: 8 }, (_, lane) => chunk(lane, lane === 6 ? 3 : 10).map((l, i) => (lane === 5 && i < 4 ? l.replace(`v=${i}`, `v=${i}i,BAD=1`) : l)));
    const lanes = lines.map((c) => writer.write(LineBatch.of(c)));
    await vi.waitFor(() => expect(ep.heldCount).toBe(WRITE.concurrency));
    ep.release();
    const refused = await Promise.all(lanes);
    expect(refused.map((r) => r.map((x) => x.item))).toEqual([[], [], [], [], [], lines[5]!.slice(0, 4), [], []]);
    expect(refused[5]![0]!.error).toMatch(/type conflict/);
    expect(ep.stored.size).toBe(73 - 4); // every other line of every lane is in
    expect(writer.stats.rejectedLines).toBe(4);
  });

  it('a write larger than a request leaves in requests of at most batchLines lines, every line once', async () => {
    const { writer, ep } = await writerOn(4);
    ep.release();
    expect(await writer.write(LineBatch.of(chunk(0)))).toEqual([]);
    expect(ep.bodies).toEqual([chunk(0).slice(0, 4), chunk(0).slice(4, 8), chunk(0).slice(8)]);
    expect(writer.stats).toMatchObject({ writes: 3, lines: 10 });
  });

  it('no linger and a slot free: a chunk leaves at once, never waiting to be joined', async () => {
    const { writer, ep } = await writerOn();
    ep.release();
    await writer.write(LineBatch.of(chunk(0)));
    await writer.write(LineBatch.of(chunk(1)));
    expect(ep.bodies.map((b) => b.length)).toEqual([10, 10]);
  });

  it('with a linger, the chunks of every lane written during it leave in ONE request, even with slots free', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { writer, ep } = await writerOn(WRITE.batchLines, 5);
      ep.release();
      const first = writer.write(LineBatch.of(chunk(0)));
      const second = writer.write(LineBatch.of(chunk(1)));
      await vi.advanceTimersByTimeAsync(4);
      const third = writer.write(LineBatch.of(chunk(2))); // still within the linger
      expect(ep.bodies).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      vi.useRealTimers();
      expect(await Promise.all([first, second, third])).toEqual([[], [], []]);
      expect(ep.bodies.map((b) => b.length)).toEqual([30]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lines that have waited behind the last write of their partition join the request forming and make it leave at once', async () => {
    const { writer, ep } = await writerOn(WRITE.batchLines, 60_000);
    ep.release();
    const fresh = writer.write(LineBatch.of(chunk(0))); // would linger a minute
    const waited = writer.write(LineBatch.of(chunk(1)), true);
    expect(await Promise.all([fresh, waited])).toEqual([[], []]);
    expect(ep.bodies.map((b) => b.length)).toEqual([20]);
    expect(await writer.write(LineBatch.of(chunk(2)), true)).toEqual([]); // nothing forming: at once, alone
    expect(ep.bodies.map((b) => b.length)).toEqual([20, 10]);
  });

  it('a request that fills up leaves at once, without waiting out its linger', async () => {
    const { writer, ep } = await writerOn(20, 60_000);
    ep.release();
    // 10 + 10 fill a request of 20; the third starts the next one, which leaves once it cannot take a fourth.
    const writes = [writer.write(LineBatch.of(chunk(0))), writer.write(LineBatch.of(chunk(1))), writer.write(LineBatch.of(chunk(2)))];
    await Promise.all(writes.slice(0, 2));
    expect(ep.bodies.map((b) => b.length)).toEqual([20]);
    const full = writer.write(LineBatch.of(chunk(3, 20))); // a whole request by itself: at once, and the one forming goes too
    expect(await Promise.all([...writes, full])).toEqual([[], [], [], []]);
    expect(ep.bodies.slice(1)).toEqual(expect.arrayContaining([chunk(2), chunk(3, 20)]));
    expect(ep.bodies).toHaveLength(3);
  });
});
