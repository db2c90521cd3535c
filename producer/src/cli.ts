import { parseArgs } from 'node:util';
import type { Command } from './commands/command.js';

export class UsageError extends Error {}

export interface ParsedCli {
  command: Command;
  flags: Record<string, string | boolean | undefined>;
}

/** Parses `<command> [flags]`; unknown commands or flags raise UsageError with the help text. */
export function parseCli(argv: string[], commands: readonly Command[], flagDefaults: Readonly<Record<string, string>>): ParsedCli | 'help' {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return 'help';
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage(commands)}`);
  if (rest.includes('--help') || rest.includes('-h')) throw new UsageError(commandHelp(command), { cause: 'help' });
  const options = Object.fromEntries(Object.entries(command.flags).map(([k, f]) => [k, { type: f.type }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${commandHelp(command)}`);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [k, f] of Object.entries(command.flags)) {
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
    'as the env variable PRODUCER_X_Y. Kafka: KAFKA_BROKERS (required), KAFKA_SSL, KAFKA_SASL_*.',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const lines = Object.entries(c.flags).map(([k, f]) => {
    const def = f.default !== undefined ? ` (default: ${f.default})` : '';
    const env = `PRODUCER_${k.toUpperCase().replace(/-/g, '_')}`;
    return `  --${k}${f.type === 'string' ? ' <value>' : ''}\n      ${f.description}${def} [env ${env}]`;
  });
  return [`Usage: tickflow-producer ${c.name} [flags]`, '', c.summary, '', 'Flags:', ...lines].join('\n');
}
