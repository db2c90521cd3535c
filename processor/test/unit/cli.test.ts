import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processorCli } from '../../src/cli.js';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../../..');

describe('processor command line', () => {
  it('an unknown flag is a usage error (exit 2), not silently ignored', () => {
    expect(processorCli(['--verbose'], {})).toEqual({ exitCode: 2, stdout: '', stderr: "tickflow-processor: unknown option '--verbose'; see `tickflow-processor --help`\n" });
    expect(processorCli(['--broker', 'k:9092'], {})).toMatchObject({ exitCode: 2, stderr: "tickflow-processor: unknown option '--broker' (did you mean --brokers?); see `tickflow-processor --help`\n" });
    expect(processorCli(['run'], {})).toMatchObject({ exitCode: 2, stderr: 'tickflow-processor: too many arguments. Expected 0 arguments but got 1; see `tickflow-processor --help`\n' });
  });

  it('--brokers stands in for KAFKA_BROKERS; without it the env is passed on as is', () => {
    expect(processorCli(['--brokers', 'k1:9092,k2:9092'], { KAFKA_BROKERS: 'old:1', INFLUX_URL: 'http://i' })).toEqual({ env: { KAFKA_BROKERS: 'k1:9092,k2:9092', INFLUX_URL: 'http://i' } });
    expect(processorCli([], { KAFKA_BROKERS: 'old:1' })).toEqual({ env: { KAFKA_BROKERS: 'old:1' } });
  });

  it('--connect-timeout stands in for KAFKA_CONNECT_TIMEOUT_MS (ms); a bad value is a usage error', () => {
    expect(processorCli(['--connect-timeout', '2m'], { KAFKA_CONNECT_TIMEOUT_MS: '5000' })).toEqual({ env: { KAFKA_CONNECT_TIMEOUT_MS: '120000' } });
    expect(processorCli(['--connect-timeout', '0'], {})).toEqual({ env: { KAFKA_CONNECT_TIMEOUT_MS: '0' } });
    expect(processorCli(['--connect-timeout', 'soon'], {})).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'tickflow-processor: --connect-timeout "soon": must be a duration like 90s, 15m, 8h or 2d; see `tickflow-processor --help`\n',
    });
  });

  it('--help names the required settings; --version prints the version', () => {
    const help = processorCli(['--help'], {});
    expect(help).toMatchObject({ exitCode: 0, stderr: '' });
    expect('stdout' in help && help.stdout).toContain('Required: KAFKA_BROKERS (or --brokers), INFLUX_URL, INFLUX_TOKEN.');
    expect(processorCli(['--version'], {})).toEqual({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('the service exits 2 on an unknown flag before reading any setting', { timeout: 60_000 }, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'processor/src/main.ts', '--verbose'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 50_000 });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: "tickflow-processor: unknown option '--verbose'; see `tickflow-processor --help`\n" });
  });
});
