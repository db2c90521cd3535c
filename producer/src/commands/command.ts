import type { Logger } from '@tickflow/common';
import type { ProducerConfig } from '../config.js';
import type { Counters } from '../core/counters.js';
import type { PumpResult } from '../pump/pump.js';
import type { Source } from '../pump/source.js';

export type { FlagSpec, FlagValue, Flags } from '@tickflow/common';
import type { FlagSpec, Flags } from '@tickflow/common';

export interface CommandContext {
  cfg: Readonly<ProducerConfig>;
  log: Logger;
  /** Health counters (snake_case names); published to pipeline.metrics every few seconds. */
  counters: Counters;
  /** Aborted on SIGTERM/SIGINT: sources waiting on a timer or a request stop waiting. */
  signal: AbortSignal;
  /** HTTP for Yahoo; default the global fetch (tests replay recorded responses through it). */
  fetch?: typeof fetch;
}

/** What a command opens: its source, how to pace it, and what to say when the pump is done. */
export interface Feed {
  source: Source;
  /** Event time per wall time (the `--speed` flag); undefined or Infinity = unpaced. */
  speed?: number;
  /** Called with the pump's totals: logs the summary; may throw to fail the run. */
  finish?(result: PumpResult): void | Promise<void>;
}

/**
 * One producer sub-command (`sim`, `sales`, ...): its flags, for --help and parsing, and how it
 * opens its source. Pacing, batching, progress, shutdown and Kafka are the pump's and sink's.
 */
export interface Command {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /**
   * Checks what the parser cannot check flag by flag (flags that go together, the file exists),
   * before any setting is read: UsageError = exit 2. `open` checks the same again.
   */
  check?(flags: Flags): Promise<void>;
  /** Validates flags (UsageError = exit 2) before anything touches Kafka, then opens the source. */
  open(ctx: CommandContext, flags: Flags): Promise<Feed>;
}
