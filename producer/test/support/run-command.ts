import { pino } from 'pino';
import { parseCli } from '../../src/cli.js';
import { COMMANDS } from '../../src/commands/index.js';
import { UsageError } from '../../src/commands/usage-error.js';
import { pumpOptions } from '../../src/commands/pump-flags.js';
import { loadConfig } from '../../src/config.js';
import { Counters } from '../../src/core/counters.js';
import type { Clock } from '../../src/pump/clock.js';
import type { ProgressOutput } from '../../src/pump/progress.js';
import { pump, type PumpResult } from '../../src/pump/pump.js';
import { MemorySink } from './memory-sink.js';

export interface CommandRun {
  sink: MemorySink;
  counters: Counters;
  logs: Record<string, unknown>[];
  result: PumpResult;
  /** The "replay done" line of a replay command. */
  summary: { rows: number; sent: number; deadLettered: number; byReason: Record<string, number>; aborted: boolean };
}

export interface RunDeps {
  clock?: Clock;
  /** Where the pump reports progress (main.ts: the terminal or the log). */
  progress?: ProgressOutput;
  /** Yahoo's HTTP: recorded responses. */
  fetch?: typeof fetch;
}

/** Runs a producer command in-process as main.ts wires it, with a MemorySink instead of Kafka. */
export async function runCommand(argv: string[], sink = new MemorySink(), abort = new AbortController(), clockOrDeps?: Clock | RunDeps): Promise<CommandRun> {
  const deps: RunDeps = clockOrDeps && 'now' in clockOrDeps ? { clock: clockOrDeps } : (clockOrDeps ?? {});
  const parsed = parseCli(argv, {});
  if ('exitCode' in parsed) throw parsed.exitCode === 2 ? new UsageError(parsed.stderr.trim()) : new Error(`exit ${parsed.exitCode}: ${parsed.stdout}`);
  const command = COMMANDS.find((c) => c.name === parsed.name);
  if (!command) throw new Error(`${parsed.name} is not a sending command`);
  const counters = new Counters();
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) });
  const cfg = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', QUOTES_TOPIC: 'q', SALES_TOPIC: 's' });
  const feed = await command.open({ cfg, counters, log, signal: abort.signal, ...(deps.fetch ? { fetch: deps.fetch } : {}) }, parsed.flags);
  const pumpDeps = { ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.progress ? { progress: deps.progress } : {}) };
  const result = await pump(feed.source, sink, abort.signal, { ...pumpOptions(parsed.flags), speed: feed.speed ?? Infinity }, pumpDeps);
  await feed.finish?.(result);
  const summary = logs.find((l) => l.msg === 'replay done') as CommandRun['summary'];
  return { sink, counters, logs, result, summary };
}
