import { HttpError, InfluxDB } from '@influxdata/influxdb-client';
import { retry, type Logger } from '@tickflow/common';
import { LineBatch } from '../core/line-batch.js';
import type { LineSink, Refusal } from './sink.js';

export interface InfluxTarget {
  url: string;
  token: string;
  org: string;
  bucket: string;
  /** 0 = never compress. */
  gzipThresholdBytes: number;
}

export interface InfluxWriteOptions {
  /** Most lines per request. */
  batchLines: number;
  /**
   * How long a request forms before it leaves, ms (0 = at once): the lines every partition
   * writes meanwhile join it. A full request leaves at once; with every slot busy, it waits
   * (and keeps taking lines) until one is free.
   */
  lingerMs: number;
  /** Requests in flight at once, over all partitions. */
  concurrency: number;
  /** One request's timeout, ms. */
  timeoutMs: number;
  /** Retry delays: the first, doubling up to the longest (with jitter), ms. */
  retryMinDelayMs: number;
  retryMaxDelayMs: number;
  /** Retries per request; unlimited (default) for data, 0 for self-metrics (the next report supersedes). */
  maxRetries?: number;
}

export interface WriterStats {
  writes: number;
  lines: number;
  errors: number;
  retries: number;
  rejectedLines: number;
}

/** InfluxDB refused the data itself: retrying the same lines cannot help. */
const DATA_REJECTED = new Set([400, 413, 422]);
/** Configuration faults (token, org, bucket): nothing is dropped; retry until fixed. */
const MISCONFIGURED = new Set([401, 403, 404]);
/** A shared request was refused for its content: each part is re-sent alone. */
const SHARED_REFUSED = new Error('a shared write request was refused');

/** One write request being formed: the chunks of the lanes that joined it. */
interface Group {
  chunks: LineBatch[];
  lines: number;
  done: Promise<void>;
  /** Resolves when the linger is over or the request is full (none: it leaves at once). */
  formed: Promise<void> | undefined;
  /** Ends the linger now. */
  close: () => void;
  /** The request body, joined once when the request first leaves (retries send the same bytes). */
  body?: Buffer;
}

/**
 * Line protocol to InfluxDB, as a LineSink: `write` resolves once InfluxDB acknowledged every line
 * (204), returning the lines it refused for their content (400 type conflict, 422 outside
 * retention) with the server's message; those are found by bisecting the request, as InfluxDB
 * names no line. Network errors, 5xx and 429 are retried with backoff; so are 401/403/404,
 * which also mark the writer unhealthy until a write succeeds. Retries are ours, not the
 * client's: its retry buffer resolves flush() before a retried batch is durable.
 */
export class InfluxWriter implements LineSink {
  private readonly influx: InfluxDB;
  /**
   * Requests go through the client's transport, not a WriteApi: the lanes already batch line
   * protocol, and a WriteApi re-buffers every line and must be closed per instance.
   */
  private readonly path: string;
  private readonly sendOptions: { method: string; headers: Record<string, string>; gzipThreshold: number };
  readonly stats: WriterStats = { writes: 0, lines: 0, errors: 0, retries: 0, rejectedLines: 0 };
  /** Set while writes fail for a configuration fault: the message and since when (epoch ms). */
  fault: { error: string; since: number } | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The request waiting for a slot, which chunks written meanwhile join. */
  private forming: Group | undefined;

  constructor(
    target: InfluxTarget,
    private readonly opts: InfluxWriteOptions,
    private readonly log: Logger,
    /** Aborting stops retrying: pending writes reject (shutdown). */
    private readonly signal?: AbortSignal,
  ) {
    this.influx = new InfluxDB({ url: target.url, token: target.token, timeout: opts.timeoutMs });
    this.path = `/api/v2/write?org=${encodeURIComponent(target.org)}&bucket=${encodeURIComponent(target.bucket)}&precision=ns`; // toLineProtocol writes ns
    this.sendOptions = { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, gzipThreshold: target.gzipThresholdBytes || Number.MAX_SAFE_INTEGER };
  }

  get healthy(): boolean {
    return this.fault === undefined;
  }

  async write(batch: LineBatch, waited = false): Promise<readonly Refusal<string>[]> {
    const refused: Refusal<string>[] = [];
    for (const chunk of batch.split(this.opts.batchLines)) refused.push(...(await this.writeOrBisect(chunk, false, waited)));
    return refused;
  }

  /** `alone`: never shares a request (after a refusal, so the server's message is about these lines only). */
  private async writeOrBisect(chunk: LineBatch, alone: boolean, waited = false): Promise<Refusal<string>[]> {
    try {
      await this.writeChunk(chunk, alone, waited);
      return [];
    } catch (err) {
      if (err === SHARED_REFUSED) return this.writeOrBisect(chunk, true);
      if (!(err instanceof HttpError) || !DATA_REJECTED.has(err.statusCode)) throw err;
      const error = describe(err);
      const dropped = /dropped=(\d+)/.exec(error);
      const lines = chunk.lines();
      if (lines.length === 1 || (dropped && Number(dropped[1]) >= lines.length)) {
        this.stats.rejectedLines += lines.length;
        this.log.error({ err: error, lines: lines.length, sample: lines[0] }, 'InfluxDB refused points; dead-lettering them');
        return lines.map((item) => ({ item, error }));
      }
      // A partial write: the good lines are in; rewriting them is idempotent.
      const mid = lines.length >> 1;
      return [...(await this.writeOrBisect(LineBatch.of(lines.slice(0, mid)), true)), ...(await this.writeOrBisect(LineBatch.of(lines.slice(mid)), true))];
    }
  }

  /**
   * Joins the request being formed, if it has room, or starts one. The chunks of all
   * partitions that arrive during its linger, or while every slot is busy, leave in ONE
   * request: InfluxDB's cost is mostly per request (a WAL write each), and so is ours (at
   * 1,000 quotes/s over 6 partitions, one request per partition write was ~290 requests/s,
   * a linger of 5 ms ~75; bench profile --paced).
   */
  private writeChunk(chunk: LineBatch, alone: boolean, waited: boolean): Promise<void> {
    const f = this.forming;
    if (!alone && f && f.lines + chunk.count <= this.opts.batchLines) {
      f.chunks.push(chunk);
      f.lines += chunk.count;
      if (waited || f.lines >= this.opts.batchLines) f.close();
      return f.done;
    }
    f?.close(); // it cannot take this chunk: no reason to wait longer
    const group = this.newGroup(chunk, alone || waited ? 0 : this.opts.lingerMs);
    if (!alone) this.forming = group;
    group.done = this.send(group).catch((err: unknown) => {
      // Refused for its content: which part's lines, only a request of that part alone can tell.
      throw group.chunks.length > 1 && !canRetry(err) ? SHARED_REFUSED : err;
    });
    return group.done;
  }

  private newGroup(chunk: LineBatch, lingerMs: number): Group {
    let close = (): void => {};
    const formed =
      lingerMs > 0 && chunk.count < this.opts.batchLines
        ? new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, lingerMs);
            close = () => {
              clearTimeout(timer);
              resolve();
            };
          })
        : undefined;
    return { chunks: [chunk], lines: chunk.count, done: Promise.resolve(), formed, close };
  }

  private async send(group: Group): Promise<void> {
    if (group.formed) await group.formed; // not even a microtask when there is no linger: no join after that
    await retry(
      async () => {
        try {
          await this.inSlot(async () => {
            if (this.forming === group) this.forming = undefined; // leaving now: no more joins
            group.body ??= LineBatch.concat(group.chunks).bytes;
            await this.post(group.body);
          });
        } catch (err) {
          this.stats.errors++;
          if (err instanceof HttpError && MISCONFIGURED.has(err.statusCode) && !this.fault) {
            this.fault = { error: describe(err), since: Date.now() };
            this.log.error({ err: this.fault.error }, 'InfluxDB refuses our writes (token, org or bucket?); retrying, nothing is dropped');
          }
          if (canRetry(err) && !this.signal?.aborted) this.stats.retries++;
          throw err;
        }
        this.stats.writes++;
        this.stats.lines += group.lines;
        this.fault = undefined;
      },
      {
        what: 'InfluxDB write',
        log: this.log,
        canRetry,
        baseMs: this.opts.retryMinDelayMs,
        maxMs: this.opts.retryMaxDelayMs,
        maxRetries: this.opts.maxRetries ?? Infinity,
        ...(this.signal ? { signal: this.signal } : {}),
      },
    );
  }

  /**
   * The transport's request() JSON-encodes a body that is not a string; send() posts the bytes
   * as they are (the Node transport takes any body through Buffer.from) and ends with an
   * HttpError for a non-2xx answer.
   */
  private post(body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.influx.transport.send(this.path, body as unknown as string, this.sendOptions, { error: reject, complete: () => resolve() });
    });
  }

  /** At most `concurrency` requests at once (retry waits do not hold a slot). */
  private async inSlot(fn: () => Promise<void>): Promise<void> {
    while (this.active >= this.opts.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Everything but a refusal of the data itself is retried (network, 5xx, 429, 401/403/404). */
function canRetry(err: unknown): boolean {
  return !(err instanceof HttpError && DATA_REJECTED.has(err.statusCode));
}

function describe(err: unknown): string {
  if (err instanceof HttpError) return `HTTP ${err.statusCode}: ${err.body || err.message}`;
  return err instanceof Error ? err.message : String(err);
}
