import type { TopicKind } from './core/columns.js';

/**
 * Cumulative counters since start, by topic kind: logged every minute and published to
 * `pipeline.metrics` (the processor writes them to InfluxDB as pipeline kind=producer,
 * service=archiver). Names match ^[a-z0-9_]+$ (MetricsEvent).
 */
export class ArchiverStats {
  private readonly c: Record<string, number> = {};

  private inc(name: string, by = 1): void {
    this.c[name] = (this.c[name] ?? 0) + by;
  }

  /** A valid record put in a file (raw layer). */
  event(kind: TopicKind): void {
    this.inc(`${kind}_archived`);
  }

  /** A record left out: of every file (not_json, invalid_schema) or of the clean layer (duplicate, unknown_currency). */
  skip(kind: TopicKind, reason: string, by = 1): void {
    this.inc(`${kind}_${reason}`, by);
  }

  late(kind: TopicKind): void {
    this.inc(`${kind}_late`);
  }

  rolled(files: number, bytesIn: number): void {
    this.inc('files', files);
    this.inc('bytes_in', bytesIn);
  }

  snapshot(): Record<string, number> {
    return { ...this.c };
  }
}
