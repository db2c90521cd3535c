import { pino } from 'pino';
import { parseCli } from '../../src/cli.js';
import { COMMANDS } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { Counters } from '../../src/core/counters.js';
import { MemorySink } from './memory-sink.js';

/** Runs a producer command in-process against a MemorySink (topics q and s); returns the sink and logs. */
export async function runCommand(argv: string[], sink = new MemorySink(), abort = new AbortController()) {
  const parsed = parseCli(argv, COMMANDS, {});
  if (parsed === 'help') throw new Error('help');
  const counters = new Counters();
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) });
  const cfg = loadConfig({ KAFKA_BROKERS: '127.0.0.1:1', QUOTES_TOPIC: 'q', SALES_TOPIC: 's' });
  await parsed.command.run({ cfg, sink, counters, log, signal: abort.signal }, parsed.flags);
  const summary = logs.find((l) => l.msg === 'replay done') as { rows: number; sent: number; deadLettered: number; byReason: Record<string, number>; aborted: boolean };
  return { sink, counters, logs, summary };
}
