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
});
