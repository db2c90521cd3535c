import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initSecrets } from '../../influxdb/secrets-init.js';

let dir = '';
let env: Record<string, string>;
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickflow-secrets-'));
  env = {
    INFLUX_ADMIN_PASSWORD_FILE: join(dir, 'influx/admin-password'),
    INFLUX_ADMIN_TOKEN_FILE: join(dir, 'influx/admin-token'),
    GRAFANA_ADMIN_PASSWORD_FILE: join(dir, 'grafana/admin-password'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets-init', () => {
  it('generates each missing secret (random, 0640, no newline) and says where the Grafana password is, never what', async () => {
    const r = await initSecrets(env);
    expect(r.outcomes).toEqual({ 'influx-admin-password': 'generated', 'influx-admin-token': 'generated', 'grafana-admin-password': 'generated' });
    const values = ['influx/admin-password', 'influx/admin-token', 'grafana/admin-password'].map(read);
    expect(new Set(values).size).toBe(3);
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(read('influx/admin-token').length).toBe(43); // 32 bytes, base64url
    expect(statSync(env.INFLUX_ADMIN_TOKEN_FILE as string).mode & 0o777).toBe(0o640);
    const log = r.lines.join('\n');
    for (const v of values) expect(log).not.toContain(v);
    expect(log).toContain(`docker compose exec grafana cat ${env.GRAFANA_ADMIN_PASSWORD_FILE}`);
  });

  it('keeps existing secrets on the next start, and no longer prints the hint', async () => {
    await initSecrets(env);
    const before = read('influx/admin-token');
    const r = await initSecrets(env);
    expect(Object.values(r.outcomes)).toEqual(['kept', 'kept', 'kept']);
    expect(read('influx/admin-token')).toBe(before);
    expect(r.lines.join('\n')).not.toContain('docker compose exec');
  });

  it('writes a value given in the environment (override), and --rotate replaces one secret only', async () => {
    await initSecrets(env);
    const grafana = read('grafana/admin-password');
    const r = await initSecrets({ ...env, INFLUX_ADMIN_TOKEN: 'cloud-token', GRAFANA_ADMIN_PASSWORD: '' }, 'influx-admin-password');
    expect(r.outcomes).toEqual({ 'influx-admin-password': 'rotated', 'influx-admin-token': 'from-env', 'grafana-admin-password': 'kept' });
    expect(read('influx/admin-token')).toBe('cloud-token');
    expect(read('grafana/admin-password')).toBe(grafana);
  });

  it('fails clearly on an unknown --rotate name, a missing path or an empty secret file', async () => {
    await expect(initSecrets(env, 'root-password')).rejects.toThrow(/unknown secret "root-password"/);
    await expect(initSecrets({ ...env, INFLUX_ADMIN_TOKEN_FILE: '' })).rejects.toThrow(/INFLUX_ADMIN_TOKEN_FILE: required/);
    await initSecrets(env);
    writeFileSync(env.GRAFANA_ADMIN_PASSWORD_FILE as string, '');
    await expect(initSecrets(env)).rejects.toThrow(/is empty: delete it/);
  });
});
