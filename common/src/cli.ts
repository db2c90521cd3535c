import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

/** A bad command line or flag value: the CLI prints one line and exits 2. */
export class UsageError extends Error {}

export type FlagValue = string | number | boolean | undefined;
export type Flags = Record<string, FlagValue>;

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  default?: string;
  /** Allowed values, listed in --help and checked while parsing. */
  choices?: readonly string[];
  /** Checks a value (argv, env or default) and converts it; throws UsageError with the rule. */
  parse?: (raw: string) => FlagValue;
  /** Env variable read when the flag is not given; `false` = none. Default: `<envPrefix><FLAG>`. */
  env?: string | false;
}

export interface CliCommand {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** A positional argument that stands for this flag (`inspect FILE` = `--file FILE`). */
  positional?: string;
  /** Printed after the command's help. */
  epilog?: string;
}

export interface CliSpec {
  bin: string;
  version: string;
  description: string;
  /** Sub-commands; none = the program itself takes `flags`. */
  commands?: readonly CliCommand[];
  /** The command run when argv names none (`tickflow-archiver` = `tickflow-archiver archive`); without one, no command prints the overview. */
  defaultCommand?: string;
  flags?: Record<string, FlagSpec>;
  /** Env variable of flag --x-y, when its spec names none: `${envPrefix}X_Y`. */
  envPrefix?: string;
  /** Printed after the help. */
  epilog?: string;
}

/** Parsed: the command (undefined for a program without sub-commands) and every flag's value. */
export interface CliRun {
  command: string | undefined;
  flags: Flags;
}

/** Help, version or a usage error: what to print where, and the exit code. */
export interface CliExit {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const envName = (spec: CliSpec, key: string, f: FlagSpec): string | undefined =>
  f.env === false ? undefined : (f.env ?? (spec.envPrefix !== undefined ? `${spec.envPrefix}${key.toUpperCase().replace(/-/g, '_')}` : undefined));

function addFlags(cli: CliSpec, cmd: Command, flags: Record<string, FlagSpec>, keys: Map<string, string>): void {
  for (const [key, f] of Object.entries(flags)) {
    const env = envName(cli, key, f);
    const desc = `${f.description}${env ? ` [env ${env}]` : ''}`;
    const opt = new Option(f.type === 'string' ? `--${key} <value>` : `--${key}`, desc);
    if (f.choices) opt.choices(f.choices);
    else if (f.parse) opt.argParser(wrap(f.parse));
    if (f.default !== undefined) opt.default(f.type === 'boolean' ? f.default === 'true' : (f.parse?.(f.default) ?? f.default), f.default);
    cmd.addOption(opt);
    keys.set(opt.attributeName(), key);
    if (f.type === 'boolean') cmd.addOption(new Option(`--no-${key}`).hideHelp());
  }
}

const wrap = (parse: (raw: string) => FlagValue) => (raw: string) => {
  try {
    return parse(raw);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};

/** Env fallbacks, parsed like the flag: `PRODUCER_SEED=abc` is as wrong as `--seed abc`. */
function envValue(key: string, f: FlagSpec, name: string, raw: string): FlagValue {
  if (f.type === 'boolean') return raw === 'true' || raw === '1';
  if (f.choices && !f.choices.includes(raw)) throw new UsageError(`${name}="${raw}" (for --${key}): must be one of ${f.choices.join(', ')}`);
  try {
    return f.parse ? f.parse(raw) : raw;
  } catch (err) {
    throw new UsageError(`${name}="${raw}" (for --${key}): ${(err as Error).message}`);
  }
}

/** One line for a usage error: the problem, a suggestion when commander has one, and where help is. */
function errorLine(bin: string, helpFor: string, err: CommanderError): string {
  const m = err.message.replace(/^error: /, '');
  const invalid = /^option '(--[\w-]+)[^']*' argument '([^']*)' is invalid\. (.*)$/s.exec(m);
  const text = invalid ? `${invalid[1]} "${invalid[2]}": ${(invalid[3] ?? '').replace(/^Allowed choices are (.*)\.$/s, 'must be one of $1')}` : m.replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)');
  return `${bin}: ${text.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')}; see \`${helpFor} --help\`\n`;
}

const TOP_LEVEL = new Set(['-h', '--help', '-V', '--version']);

/**
 * No command at all: the default command's flags, or the overview as for --help. An unknown
 * word stays unknown (commander says "did you mean"), not an argument of the default command.
 */
function withCommand(cli: CliSpec, argv: readonly string[]): string[] {
  if (!cli.commands) return [...argv];
  const first = argv[0];
  if (first === undefined) return cli.defaultCommand ? [cli.defaultCommand] : ['--help'];
  return cli.defaultCommand && first.startsWith('-') && !TOP_LEVEL.has(first) ? [cli.defaultCommand, ...argv] : [...argv];
}

/**
 * Parses argv (without node and script) with commander: help, `--version`, "did you mean",
 * choices, then env fallbacks (`env`, not process.env, so tests pass their own). Flags only: a
 * service reads its other settings after this, so a bad flag is reported before missing env.
 */
export function parseCommandLine(cli: CliSpec, argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliRun | CliExit {
  let stdout = '';
  let stderr = '';
  let run: CliRun | undefined;
  let current = cli.bin;
  const program = new Command(cli.bin).description(cli.description).version(cli.version, '-V, --version', 'Print the version').helpOption('-h, --help', 'Print this help').helpCommand('help [command]', 'Print the help of a command');
  const configure = (cmd: Command, c: CliCommand | undefined, flags: Record<string, FlagSpec>): void => {
    const keys = new Map<string, string>();
    addFlags(cli, cmd, flags, keys);
    if (c?.positional) cmd.argument(`[${c.positional}]`);
    if (c?.epilog) cmd.addHelpText('after', `\n${c.epilog}`);
    if (c) cmd.version(cli.version, '-V, --version', 'Print the version');
    cmd
      .exitOverride()
      .configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s), outputError: () => undefined })
      .action((...args: unknown[]) => {
        const opts = cmd.opts();
        const out: Flags = {};
        for (const [attr, key] of keys) {
          const f = flags[key] as FlagSpec;
          const name = envName(cli, key, f);
          const source = cmd.getOptionValueSource(attr);
          const raw = name ? env[name] : undefined;
          out[key] = (source === undefined || source === 'default') && raw !== undefined && raw !== '' ? envValue(key, f, name as string, raw) : (opts[attr] as FlagValue);
        }
        if (c?.positional && typeof args[0] === 'string') {
          if (out[c.positional] !== undefined && out[c.positional] !== args[0]) throw new UsageError(`give the ${c.positional} once: as an argument or as --${c.positional}`);
          out[c.positional] = args[0];
        }
        run = { command: c?.name, flags: out };
      });
  };
  if (cli.commands) {
    program
      .exitOverride()
      .configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s), outputError: () => undefined })
      .hook('preSubcommand', (_p, sub) => void (current = `${cli.bin} ${sub.name()}`));
    for (const c of cli.commands) {
      const sub = program.command(c.name).summary(c.summary).description(c.summary);
      configure(sub, c, c.flags);
    }
  } else {
    configure(program, undefined, cli.flags ?? {});
  }
  if (cli.epilog) program.addHelpText('after', `\n${cli.epilog}`);
  try {
    program.parse(withCommand(cli, argv), { from: 'user' });
  } catch (err) {
    if (err instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `${cli.bin}: ${err.message}\n` };
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) return { exitCode: 0, stdout, stderr: '' };
    return { exitCode: 2, stdout: '', stderr: errorLine(cli.bin, current, err) };
  }
  return run ?? { exitCode: 2, stdout: '', stderr: `${cli.bin}: nothing to do; see \`${cli.bin} --help\`\n` };
}
