import type { TopicKind } from './columns.js';

/**
 * The records of one Kafka partition not yet in a file: a contiguous offset range whose
 * valid events become one raw file (their Kafka timestamps share one UTC hour) and one clean
 * file per event date. Invalid records are in the range but in no file.
 */
const HOUR_MS = 3_600_000;

export class OpenFile {
  /** NDJSON lines (rows.ts), one per valid record; kept ones carry their clean fields. */
  readonly lines: string[] = [];
  /** Event dates (YYYY-MM-DD) of the kept lines: one clean file each. */
  readonly cleanDates = new Set<string>();
  last: bigint;
  bytes = 0;
  /** Kafka timestamp of the first record, epoch ms: names the raw file's date and hour. */
  readonly hourOf: number;

  constructor(
    readonly topic: string,
    readonly kind: TopicKind,
    readonly partition: number,
    readonly first: bigint,
    firstKafkaTs: number,
    /** Wall-clock ms when opened (given, not read: core code has no clock). */
    readonly openedAt: number,
  ) {
    this.last = first - 1n;
    this.hourOf = firstKafkaTs;
  }

  /** A record received at `kafkaTs` belongs in another raw file (another UTC hour). */
  isOtherHour(kafkaTs: number): boolean {
    return Math.floor(kafkaTs / HOUR_MS) !== Math.floor(this.hourOf / HOUR_MS);
  }

  /** Counts a record into the range (valid or not). */
  advance(offset: bigint, bytes: number): void {
    this.last = offset;
    this.bytes += bytes;
  }

  add(line: string, cleanDate?: string): void {
    this.lines.push(line);
    if (cleanDate !== undefined) this.cleanDates.add(cleanDate);
  }

  get empty(): boolean {
    return this.last < this.first;
  }

  shouldRoll(rollBytes: number, rollMs: number, now: number): boolean {
    return !this.empty && (this.bytes >= rollBytes || now - this.openedAt >= rollMs);
  }
}
