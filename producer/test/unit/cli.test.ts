import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli.js';
import { COMMANDS } from '../../src/commands/index.js';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../../..');

/** The CLI with no environment at all but PATH (and `env`): what a newcomer gets before configuring Kafka. */
const bare = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });

/** parseCli's outcome when it is an exit (help, version or a usage error). */
const exitOf = (argv: string[], env: Record<string, string> = {}) => {
  const r = parseCli(argv, env);
  if (!('exitCode' in r)) throw new Error(`parsed ${r.name}`);
  return r;
};

// Each test starts node + tsx (a second or more on a busy machine): a generous per-test timeout.
describe('producer CLI without any environment', { timeout: 120_000 }, () => {
  it('--help lists every command and the environment it reads', () => {
    const r = bare(['--help']);
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name} [options]`);
    expect(r.stdout).toContain('KAFKA_BROKERS (required, or --brokers)');
    expect(r.stderr).toBe('');
  });

  it('--version prints the package version with no environment', () => {
    const r = bare(['--version']);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('sim --seed abc reports the seed, not the missing KAFKA_BROKERS (flags before env)', () => {
    const r = bare(['sim', '--seed', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('tickflow-producer: --seed "abc": must be an integer; see `tickflow-producer sim --help`\n');
  });

  it('an unknown flag: one line with a suggestion and where the help is', () => {
    const r = bare(['sim', '--sed', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("tickflow-producer: unknown option '--sed' (did you mean --seed?); see `tickflow-producer sim --help`\n");
    expect(r.stdout).toBe('');
  });

  it('every command, and inspect, answers --help with its flags and no environment', () => {
    for (const name of [...COMMANDS.map((c) => c.name), 'inspect']) {
      const r = bare([name, '--help']);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Usage: tickflow-producer ${name} [options]`);
      expect(r.stderr, name).toBe('');
    }
  });
});

describe('parseCli', () => {
  it('fills flag defaults, parsed, and reads PRODUCER_* values for them', () => {
    const p = parseCli(['sim'], { PRODUCER_BATCH_MAX_COUNT: '100' });
    if ('exitCode' in p) throw new Error(p.stderr);
    expect(p).toMatchObject({ name: 'sim', flags: { 'batch-max-count': 100, 'linger-ms': 20, speed: 1, seed: 42, start: 'now' } });
  });

  it('a flag wins over its env variable', () => {
    const p = parseCli(['sim', '--seed', '5'], { PRODUCER_SEED: '9' });
    if ('exitCode' in p) throw new Error(p.stderr);
    expect(p.flags.seed).toBe(5);
  });

  it('--speed takes a number, a multiplier like 10x, or max', () => {
    const speedOf = (s: string) => {
      const p = parseCli(['sales', '--speed', s], {});
      return 'exitCode' in p ? p.stderr : p.flags.speed;
    };
    expect([speedOf('60'), speedOf('10x'), speedOf('0.5'), speedOf('max')]).toEqual([60, 10, 0.5, Infinity]);
  });

  it('--speed fast says what a speed is, not a bare number bound', () => {
    expect(exitOf(['sim', '--speed', 'fast'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'tickflow-producer: --speed "fast": must be a positive number or a multiplier like 10x (event time per wall time), or max; see `tickflow-producer sim --help`\n',
    });
  });

  it('a bad env fallback names the variable', () => {
    expect(exitOf(['sim'], { PRODUCER_SPEED: 'fast' }).stderr).toBe(
      'tickflow-producer: PRODUCER_SPEED="fast" (for --speed): must be a positive number or a multiplier like 10x (event time per wall time), or max\n',
    );
  });

  it('an unknown command suggests the near one', () => {
    expect(exitOf(['simm'])).toMatchObject({ exitCode: 2, stderr: "tickflow-producer: unknown command 'simm' (did you mean sim?); see `tickflow-producer --help`\n" });
  });

  it('choices are listed and checked: backfill --interval', () => {
    const r = exitOf(['backfill', '--interval', '2d']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('tickflow-producer: --interval "2d": must be one of 1m, 2m, 5m, 15m, 30m, 1h, 1d; see `tickflow-producer backfill --help`\n');
  });

  it('--brokers is a flag of every sending command, with no env fallback of its own', () => {
    for (const c of COMMANDS) {
      const p = parseCli([c.name, '--brokers', 'k1:9092,k2:9092'], { PRODUCER_BROKERS: 'ignored:1' });
      if ('exitCode' in p) throw new Error(p.stderr);
      expect(p.flags.brokers, c.name).toBe('k1:9092,k2:9092');
    }
  });

  it('inspect takes the file as an argument or as --file', () => {
    expect(parseCli(['inspect', 'a.csv'], {})).toMatchObject({ name: 'inspect', flags: { file: 'a.csv' } });
    expect(parseCli(['inspect', '--file', 'a.csv'], {})).toMatchObject({ name: 'inspect', flags: { file: 'a.csv' } });
  });

  it('no command prints the overview, exit 0; help <command> prints its help', () => {
    expect(exitOf([])).toMatchObject({ exitCode: 0, stderr: '' });
    expect(exitOf(['help', 'sales']).stdout).toContain('Usage: tickflow-producer sales [options]');
  });
});
