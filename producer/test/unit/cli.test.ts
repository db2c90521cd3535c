import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli.js';
import { UsageError } from '../../src/commands/usage-error.js';
import { COMMANDS } from '../../src/commands/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The CLI with no environment at all but PATH: what a newcomer gets before configuring Kafka. */
const bare = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });

// Each test starts node + tsx (a second or more on a busy machine): a generous per-test timeout.
describe('producer CLI without any environment', { timeout: 120_000 }, () => {
  it('--help lists every command and the environment it reads', () => {
    const r = bare(['--help']);
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
    expect(r.stdout).toContain('KAFKA_BROKERS (required)');
  });

  it('<command> --help lists its flags and the pump flags', () => {
    const r = bare(['replay', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: tickflow-producer replay [flags]');
    expect(r.stdout).toContain('--file <value>');
    expect(r.stdout).toContain('Pump flags (every command that sends):');
    expect(r.stdout).toContain('--batch-max-bytes <value>');
  });

  it('every command, and inspect, answers --help with its flags and no environment', () => {
    for (const name of [...COMMANDS.map((c) => c.name), 'inspect']) {
      const r = bare([name, '--help']);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Usage: tickflow-producer ${name} [flags]`);
      expect(r.stderr, name).toBe('');
    }
  });

  it('a bad flag exits 2 at once, before asking for KAFKA_BROKERS', () => {
    const r = bare(['sim', '--tick-ms']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Option '--tick-ms <value>' argument missing");
    expect(r.stderr).not.toContain('KAFKA_BROKERS');
    const unknown = bare(['nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });
});

describe('parseCli', () => {
  it('fills pump flag defaults and reads PRODUCER_* values for them', () => {
    const p = parseCli(['sim'], COMMANDS, { 'batch-max-count': '100' });
    if (p === 'help') throw new Error('help');
    expect(p.flags).toMatchObject({ 'batch-max-count': '100', 'linger-ms': '20', speed: '1' });
  });

  it('turns --help after a command into its help text', () => {
    expect(() => parseCli(['sales', '--help'], COMMANDS, {})).toThrow(UsageError);
  });
});
