/** Cumulative counters, logged periodically and at shutdown. */
export class ArchiverStats {
  readonly events: Record<string, number> = {};
  /** Records in no clean file, by topic and reason (not_json, invalid_schema, duplicate, unknown_currency). */
  readonly skipped: Record<string, Record<string, number>> = {};
  readonly lateEvents: Record<string, number> = {};
  files = 0;
  bytesIn = 0;

  event(topic: string): void {
    this.events[topic] = (this.events[topic] ?? 0) + 1;
  }

  skip(topic: string, reason: string): void {
    const t = (this.skipped[topic] ??= {});
    t[reason] = (t[reason] ?? 0) + 1;
  }

  late(topic: string): void {
    this.lateEvents[topic] = (this.lateEvents[topic] ?? 0) + 1;
  }

  rolled(files: number, bytes: number): void {
    this.files += files;
    this.bytesIn += bytes;
  }

  snapshot(): object {
    return { events: this.events, skipped: this.skipped, late: this.lateEvents, files: this.files, bytesIn: this.bytesIn };
  }
}
