import type { Logger } from '@tickflow/common';
import type { ProducerConfig } from '../config.js';
import type { Counters } from '../core/counters.js';
import type { EventSink } from '../sinks/kafka-sink.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  default?: string;
}

export interface CommandContext {
  cfg: Readonly<ProducerConfig>;
  sink: EventSink;
  log: Logger;
  /** Health counters (snake_case names); published to pipeline.metrics every few seconds. */
  counters: Counters;
  /** Aborted on SIGTERM/SIGINT: commands stop producing and return. */
  signal: AbortSignal;
}

/** One producer sub-command (`sim`, `sales`, ...): its flags, for --help and parsing, and its run. */
export interface Command {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  run(ctx: CommandContext, flags: Record<string, string | boolean | undefined>): Promise<void>;
}
