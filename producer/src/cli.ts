import { parseCommandLine, type CliCommand, type CliExit, type FlagSpec, type Flags } from '@tickflow/common';
import pkg from '../package.json' with { type: 'json' };
import type { Command } from './commands/command.js';
import { COMMANDS } from './commands/index.js';
import { KAFKA_FLAGS, PUMP_FLAGS } from './commands/pump-flags.js';
import { inspectCommand } from './replay/inspect.js';

export interface ParsedCli {
  /** A command of COMMANDS, or `inspect` (which needs no Kafka and no pump). */
  name: string;
  /** The command's flags, the pump's and Kafka's, from argv, then PRODUCER_* env, then defaults. */
  flags: Flags;
}

const ENVIRONMENT = [
  'Every flag --x-y can also be set as the env variable PRODUCER_X_Y. Every command but inspect',
  'is a source feeding one pump (pacing, batches bounded by count and bytes, progress, SIGTERM',
  'stop after the in-flight batch) and one Kafka sink.',
  '',
  'Environment (read when a command runs, not for --help):',
  '  KAFKA_BROKERS (required, or --brokers), KAFKA_SSL, KAFKA_SASL_*, QUOTES_TOPIC, SALES_TOPIC,',
  '  METRICS_TOPIC, TOPIC_PARTITIONS, QUOTES_COMPRESSION, SALES_COMPRESSION (none|gzip|zstd),',
  '  INSTANCE_ID, METRICS_INTERVAL_MS, LOG_LEVEL.',
  '',
  'Exit codes: 0 done, 1 failed, 2 usage or configuration, 3 inspect proposed no command,',
  '75 Kafka unreachable or another failure a later run may get past.',
].join('\n');

/** Every command's flags as the parser sees them: its own, then the pump's and Kafka's. */
export function cliCommands(commands: readonly Command[] = COMMANDS): CliCommand[] {
  const sending = (c: Command): CliCommand => ({ name: c.name, summary: c.summary, flags: { ...c.flags, ...PUMP_FLAGS, ...KAFKA_FLAGS } });
  const inspect = { name: inspectCommand.name, summary: inspectCommand.summary, flags: inspectCommand.flags as Record<string, FlagSpec>, positional: 'file' };
  return [...commands.map(sending), inspect];
}

/** argv (after node and the script) -> a command and its flags, or what to print and the exit code. */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, commands: readonly Command[] = COMMANDS): ParsedCli | CliExit {
  const r = parseCommandLine(
    { bin: 'tickflow-producer', version: pkg.version, description: 'Sends market quotes and sales events to Kafka.', commands: cliCommands(commands), envPrefix: 'PRODUCER_', epilog: ENVIRONMENT },
    argv,
    env,
  );
  return 'exitCode' in r ? r : { name: r.command ?? '', flags: r.flags };
}
