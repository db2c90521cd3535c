import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPrefix } from '../../../src/config.js';

const ROOT = resolve(import.meta.dirname, '../../../..');

describe('the command inspect prints runs where the user is', { timeout: 120_000 }, () => {
  it('TICKFLOW_CLI_PREFIX sets its start (compose: docker compose run --rm producer); default: from a clone', () => {
    expect(cliPrefix({ TICKFLOW_CLI_PREFIX: 'docker compose run --rm producer' })).toBe('docker compose run --rm producer');
    expect(cliPrefix({})).toBe('npm run producer --');
    expect(cliPrefix({ TICKFLOW_CLI_PREFIX: '  ' })).toBe('npm run producer --');
  });

  it('the CLI reads it from env and keeps the path as given; no Kafka settings needed', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', 'inspect', 'producer/test/fixtures/replay/sales-eu.csv'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TICKFLOW_CLI_PREFIX: 'docker compose run --rm producer' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toContain('replay with:\n  docker compose run --rm producer sales-replay --file producer/test/fixtures/replay/sales-eu.csv --delimiter');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('warns where the replay lands against the retentions (env as the processor reads it; defaults from contracts)', () => {
    const inspect = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'producer/src/main.ts', 'inspect', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
    // 2015-2017 prices with their own times: older than the raw and long-term buckets keep; the
    // daily candles keep them (forever by default), or nothing does (a 1000-day daily bucket).
    const kept = inspect(['datasets/aapl-daily-2015-2017.csv', '--keep-time']);
    expect(kept.status, kept.stderr).toBe(0);
    expect(kept.stdout).toContain(
      [
        'retention (--keep-time, speed max):',
        '          0 rows land in the raw bucket tickflow (7 days)',
        '        506 rows only as rollups (tickflow_longterm 365 days, daily candles in tickflow_daily forever)',
        '          0 rows in no bucket: too old for every retention (counted, not shown)',
        'warning:    506 rows are older than the raw bucket keeps: only the hourly/daily panels will show them',
      ].join('\n'),
    );
    const short = inspect(['datasets/aapl-daily-2015-2017.csv', '--keep-time'], { INFLUX_DAILY_RETENTION_DAYS: '1000', INFLUX_DAILY_BUCKET: 'days' });
    expect(short.stdout).toContain('        506 rows in no bucket: too old for every retention (counted, not shown)');
    expect(short.stdout).toContain('daily candles in days 1000 days');
    // Paced and rebased, every row is sent at its own (present) time.
    const paced = inspect(['producer/test/fixtures/replay/sales-eu.csv', '--speed', '60']);
    expect(paced.stdout).toMatch(/retention \(rebased, paced at speed 60: every row is sent at its own time\):\n\s+\d+ rows land in the raw bucket tickflow \(7 days\)\n\s+0 rows only as rollups \(tickflow_longterm 365 days\)\n\s+0 rows in no bucket/);
  });
});
