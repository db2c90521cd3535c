import { HttpError, InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import { backoffDelay, TickflowError } from '@tickflow/contracts';
import { sleep, type Logger } from '@tickflow/common';
import { DEFAULTS } from '../options.js';

export interface InfluxTarget {
  url: string;
  token: string;
  org: string;
  bucket: string;
  /** 0 = never compress. */
  gzipThresholdBytes: number;
}

export interface WriteHooks {
  /** Called while waiting between retries, e.g. to heartbeat the consumer group. */
  onWait?: () => Promise<void>;
  /** Retrying stops (with an error) once this returns true, e.g. on shutdown. */
  aborted?: () => boolean;
}

export interface WriterStats {
  writes: number;
  lines: number;
  errors: number;
  retries: number;
  rejectedLines: number;
}

/**
 * Writes line protocol and only resolves once InfluxDB acknowledged it (204): the caller
 * commits Kafka offsets after that. Retries are ours, not the client's: the client's retry
 * buffer resolves flush() before a retried batch is durable, which would let offsets run
 * ahead of data.
 */
export class InfluxWriter {
  private readonly influx: InfluxDB;
  readonly stats: WriterStats = { writes: 0, lines: 0, errors: 0, retries: 0, rejectedLines: 0 };

  constructor(
    private readonly target: InfluxTarget,
    private readonly batchLines: number,
    private readonly log: Logger,
  ) {
    this.influx = new InfluxDB({ url: target.url, token: target.token, timeout: DEFAULTS.writeTimeoutMs });
  }

  /**
   * A WriteApi per request: its buffer is shared by whoever flushes, so one WriteApi used by
   * concurrent partitions could report another partition's lines as written.
   */
  private writeApi(chunkLines: number): WriteApi {
    return this.influx.getWriteApi(this.target.org, this.target.bucket, 'ms', {
      batchSize: chunkLines + 1, // we flush explicitly; never let the client send on its own
      flushInterval: 0,
      maxRetries: 0,
      maxBufferLines: chunkLines + 1,
      gzipThreshold: this.target.gzipThresholdBytes || Number.MAX_SAFE_INTEGER,
    });
  }

  async write(lines: readonly string[], hooks: WriteHooks = {}): Promise<void> {
    for (let i = 0; i < lines.length; i += this.batchLines) {
      await this.writeChunk(lines.slice(i, i + this.batchLines), hooks);
    }
  }

  private async writeChunk(chunk: string[], hooks: WriteHooks): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const api = this.writeApi(chunk.length);
        api.writeRecords(chunk);
        await api.flush();
        this.stats.writes++;
        this.stats.lines += chunk.length;
        if (attempt > 0) this.log.info({ attempt }, 'InfluxDB write recovered');
        return;
      } catch (err) {
        this.stats.errors++;
        if (!isRetryable(err)) {
          // 400: InfluxDB rejected the data itself (e.g. a field type conflict). Retrying cannot
          // help; count it loudly rather than block the partition forever.
          this.stats.rejectedLines += chunk.length;
          this.log.error({ err: describe(err), sample: chunk[0] }, 'InfluxDB rejected a batch; not retrying');
          return;
        }
        if (hooks.aborted?.()) throw new TickflowError('write aborted during shutdown', 'write_aborted', true, { cause: err });
        const delay = backoffDelay(attempt + 1, DEFAULTS.writeRetryMinDelayMs, DEFAULTS.writeRetryMaxDelayMs, Math.random());
        this.stats.retries++;
        this.log.warn({ err: describe(err), attempt, delayMs: delay, lines: chunk.length }, 'InfluxDB write failed; retrying');
        await this.waitWithHeartbeat(delay, hooks);
      }
    }
  }

  private async waitWithHeartbeat(ms: number, hooks: WriteHooks): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !hooks.aborted?.()) {
      await hooks.onWait?.();
      await sleep(Math.min(1000, until - Date.now()));
    }
  }
}

function isRetryable(err: unknown): boolean {
  if (err instanceof HttpError) return err.statusCode !== 400 && err.statusCode !== 413;
  return true; // network errors, timeouts, connection refused
}

function describe(err: unknown): string {
  if (err instanceof HttpError) return `HTTP ${err.statusCode}: ${err.body ?? err.message}`;
  return err instanceof Error ? err.message : String(err);
}
