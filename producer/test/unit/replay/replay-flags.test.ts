import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const AAPL = 'datasets/aapl-daily-2015-2017.csv';

/** The producer with no environment but PATH: no KAFKA_BROKERS, as a newcomer runs it first. */
const bare = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });

/** parseCli's usage error for argv (no env). */
const usage = (argv: string[], env: Record<string, string> = {}): string => {
  const r = parseCli(argv, env);
  if (!('exitCode' in r)) throw new Error(`parsed ${r.name}`);
  expect(r.exitCode).toBe(2);
  return r.stderr;
};

describe('replay and sales-replay flags are checked while parsing, before any env', () => {
  it('each file flag with a bad value names the flag, the value and the rule', () => {
    const cases: [string[], string][] = [
      [['--timezone', 'Mars'], '--timezone "Mars": must be UTC, an offset like +02:00 or an IANA zone like Europe/Paris'],
      [['--format', 'xml'], '--format "xml": must be one of auto, csv, jsonl'],
      [['--order', 'random'], '--order "random": must be one of time, file'],
      [['--date-format', 'julian'], '--date-format "julian": must be one of auto, iso, YYYY/M/D, D/M/YYYY, M/D/YYYY, DD.MM.YYYY, epoch-ms, epoch-s'],
      [['--decimal', ';'], '--decimal ";": must be . or ,'],
      [['--encoding', 'ebcdic'], '--encoding "ebcdic": must be one of auto, utf8, latin1, windows-1252, utf16le, utf16be'],
      [['--delimiter', '::'], '--delimiter "::": must be one character, tab or auto'],
      [['--delimiter', '"'], '--delimiter """: cannot be the quote character'],
      [['--sort-memory-rows', '0'], '--sort-memory-rows "0": must be an integer >= 1'],
    ];
    for (const command of ['replay', 'sales-replay']) {
      for (const [flags, rule] of cases) {
        expect(usage([command, '--file', 'x.csv', ...flags]), flags.join(' ')).toBe(`tickflow-producer: ${rule}; see \`tickflow-producer ${command} --help\`\n`);
      }
    }
  });

  it("replay's --symbol and --currency, and sales-replay's column flags, are checked too", () => {
    expect(usage(['replay', '--file', 'x.csv', '--symbol', 'no spaces'])).toBe('tickflow-producer: --symbol "no spaces": is not a valid symbol; see `tickflow-producer replay --help`\n');
    expect(usage(['replay', '--file', 'x.csv', '--symbol', 'AAPL', '--currency', 'euro'])).toBe('tickflow-producer: --currency "euro": must be a 3-letter code like EUR; see `tickflow-producer replay --help`\n');
    expect(usage(['sales-replay', '--file', 'x.csv', '--time-column', ''])).toBe('tickflow-producer: --time-column "": cannot be empty; see `tickflow-producer sales-replay --help`\n');
  });

  it("inspect's --encoding and --delimiter are checked the same way", () => {
    expect(usage(['inspect', 'x.csv', '--encoding', 'ebcdic'])).toBe('tickflow-producer: --encoding "ebcdic": must be one of auto, utf8, latin1, windows-1252, utf16le, utf16be; see `tickflow-producer inspect --help`\n');
    expect(usage(['inspect', 'x.csv', '--delimiter', '::'])).toBe('tickflow-producer: --delimiter "::": must be one character, tab or auto; see `tickflow-producer inspect --help`\n');
  });

  it('a bad PRODUCER_* fallback names the variable', () => {
    expect(usage(['replay', '--file', 'x.csv'], { PRODUCER_TIMEZONE: 'Mars' })).toBe(
      'tickflow-producer: PRODUCER_TIMEZONE="Mars" (for --timezone): must be UTC, an offset like +02:00 or an IANA zone like Europe/Paris\n',
    );
    expect(usage(['sales-replay', '--file', 'x.csv'], { PRODUCER_ORDER: 'random' })).toBe('tickflow-producer: PRODUCER_ORDER="random" (for --order): must be one of time, file\n');
  });

  it('accepted values are passed on as the replay reads them: tab, a date format in any case, latin1, eur', () => {
    const p = parseCli(['replay', '--file', 'x.csv', '--symbol', 'AAPL', '--delimiter', 'tab', '--date-format', 'd/m/yyyy', '--encoding', 'latin1', '--currency', 'eur', '--timezone', 'Europe/Paris'], {});
    if ('exitCode' in p) throw new Error(p.stderr);
    expect(p.flags).toMatchObject({ delimiter: '\t', 'date-format': 'D/M/YYYY', encoding: 'windows-1252', currency: 'EUR', timezone: 'Europe/Paris', format: 'auto', order: 'time' });
  });
});

// Spawned with no env at all: the message is the flag's, not `KAFKA_BROKERS: required`.
describe('tickflow-producer replay with no environment', { timeout: 120_000 }, () => {
  it('replay --file x.csv --timezone Mars: the timezone, exit 2', () => {
    const r = bare(['replay', '--file', 'x.csv', '--timezone', 'Mars']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'tickflow-producer: --timezone "Mars": must be UTC, an offset like +02:00 or an IANA zone like Europe/Paris; see `tickflow-producer replay --help`\n',
    });
  });

  it('flags that go together and the file are checked before env as well', () => {
    const both = bare(['replay', '--file', AAPL]);
    expect({ status: both.status, stderr: both.stderr }).toEqual({ status: 2, stderr: 'tickflow-producer: give exactly one of --symbol or --symbol-column\n' });
    const missing = bare(['sales-replay', '--file', 'no-such-orders.csv']);
    expect({ status: missing.status, stderr: missing.stderr }).toEqual({ status: 2, stderr: 'tickflow-producer: --file no-such-orders.csv: no such file\n' });
    const same = bare(['sales-replay', '--file', AAPL, '--decimal', ',', '--delimiter', ',']);
    expect({ status: same.status, stderr: same.stderr }).toEqual({ status: 2, stderr: 'tickflow-producer: --decimal and --delimiter must differ (quote such numbers in the file)\n' });
  });

  it('good flags and no KAFKA_BROKERS: then the missing setting is reported, exit 2', () => {
    const r = bare(['replay', '--file', AAPL, '--symbol', 'AAPL', '--price-column', 'AAPL.Close']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'tickflow-producer: Invalid configuration:\n  KAFKA_BROKERS: required, e.g. localhost:9092\n' });
  });
});
