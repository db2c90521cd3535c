import { parseArgs } from 'node:util';
import type { Command, Flags, FlagSpec } from './commands/command.js';
import { PUMP_FLAGS } from './commands/pump-flags.js';
import { UsageError } from './commands/usage-error.js';


export interface ParsedCli {
  command: Command;
  /** The command's flags and the pump's (PUMP_FLAGS), with defaults filled in. */
  flags: Flags;
}

/**
 * Parses `<command> [flags]`; unknown commands or flags raise UsageError with the help text.
 * `shared` flags (the pump's, for every command that feeds it) follow the command's own.
 */
export function parseCli(argv: string[], commands: readonly Command[], flagDefaults: Readonly<Record<string, string>>, shared: Record<string, FlagSpec> = PUMP_FLAGS): ParsedCli | 'help' {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return 'help';
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage(commands)}`);
  if (rest.includes('--help') || rest.includes('-h')) throw new UsageError(commandHelp(command, shared), { cause: 'help' });
  const specs = { ...command.flags, ...shared };
  const options = Object.fromEntries(Object.entries(specs).map(([k, f]) => [k, { type: f.type }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${commandHelp(command, shared)}`);
  }
  const flags: Flags = {};
  for (const [k, f] of Object.entries(specs)) {
    const fromEnv = flagDefaults[k];
    const envValue = f.type === 'boolean' && fromEnv !== undefined ? fromEnv === 'true' : fromEnv;
    flags[k] = values[k] ?? envValue ?? (f.type === 'boolean' ? f.default === 'true' : f.default);
  }
  return { command, flags };
}

export function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return [
    'Usage: tickflow-producer <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    '  inspect FILE  Reads a CSV or JSONL export and prints the replay command for it (no Kafka needed)',
    '',
    'Run `tickflow-producer <command> --help` for its flags. Every flag --x-y can also be set',
    'as the env variable PRODUCER_X_Y. Every command is a source feeding one pump (pacing, batches',
    'bounded by count and bytes, progress, SIGTERM stop after the in-flight batch) and one Kafka sink.',
    '',
    'Environment (read when a command runs, not for --help):',
    '  KAFKA_BROKERS (required), KAFKA_SSL, KAFKA_SASL_*, QUOTES_TOPIC, SALES_TOPIC, METRICS_TOPIC,',
    '  TOPIC_PARTITIONS, QUOTES_COMPRESSION, SALES_COMPRESSION (none|gzip|zstd), INSTANCE_ID,',
    '  METRICS_INTERVAL_MS, LOG_LEVEL.',
  ].join('\n');
}

export function commandHelp(c: Command, shared: Record<string, FlagSpec> = PUMP_FLAGS): string {
  const lines = (flags: Record<string, FlagSpec>): string[] =>
    Object.entries(flags).map(([k, f]) => {
      const def = f.default !== undefined ? ` (default: ${f.default})` : '';
      const env = `PRODUCER_${k.toUpperCase().replace(/-/g, '_')}`;
      return `  --${k}${f.type === 'string' ? ' <value>' : ''}\n      ${f.description}${def} [env ${env}]`;
    });
  const pump = Object.keys(shared).length > 0 ? ['', 'Pump flags (every command that sends):', ...lines(shared)] : [];
  return [`Usage: tickflow-producer ${c.name} [flags]`, '', c.summary, '', 'Flags:', ...lines(c.flags), ...pump].join('\n');
}
