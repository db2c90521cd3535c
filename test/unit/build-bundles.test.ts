import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../producer/src/commands/index.js';
import { ROOT } from './compose-file.js';

// `npm run build` is what the Docker image runs: build with the very same esbuild arguments into
// a scratch dir (inside the repo, so the bundles resolve node_modules and "type": "module" as
// they do in /app), then start each bundle the way compose does.

const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const OUT = resolve(ROOT, 'dist', `.unit-${process.pid}`);
// These tests start Node processes: seconds each on a busy 2-core machine, more than the 5 s default.
const SPAWN_TIMEOUT_MS = 60_000;

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const [bin, ...args] = (pkg.scripts.build ?? '').split(/\s+/);
  expect(bin).toBe('esbuild');
  expect(args).toContain('--outdir=dist');
  execFileSync(resolve(ROOT, 'node_modules/.bin/esbuild'), args.map((a) => (a === '--outdir=dist' ? `--outdir=${OUT}` : a)), { cwd: ROOT, stdio: 'pipe' });
  // The image's layout: the setup bundle under influxdb/.
  mkdirSync(join(OUT, 'influxdb'));
  cpSync(join(OUT, 'influx-setup.js'), join(OUT, 'influxdb/setup.js'));
});

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('npm run build', () => {
  it('bundles import only Node built-ins and production dependencies (what npm ci --omit=dev installs)', () => {
    const prod = new Set<string>();
    for (const ws of ['contracts', 'common', 'producer', 'processor']) {
      const p = JSON.parse(readFileSync(resolve(ROOT, ws, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      Object.keys(p.dependencies ?? {}).forEach((d) => prod.add(d));
    }
    for (const b of ['producer.js', 'processor.js', 'influx-setup.js', 'secrets-init.js', 'alert-sink.js']) {
      const code = readFileSync(join(OUT, b), 'utf8');
      const imports = [...code.matchAll(/(?:^|\s)(?:from|import)\s*\(?\s*"([^"]+)"/gm)].map((m) => m[1] as string);
      const pkgOf = (i: string) => (i.startsWith('@') ? i.split('/').slice(0, 2).join('/') : (i.split('/')[0] as string));
      const bad = imports.filter((i) => !i.startsWith('node:') && !builtinModules.includes(i) && !prod.has(pkgOf(i)));
      expect(bad, b).toEqual([]);
      expect(imports.some((i) => i.startsWith('@tickflow/')), `${b} must inline @tickflow/*`).toBe(false);
    }
  });

  it('processor bundle: missing env is a clear config error, exit code 2', () => {
    const r = run(join(OUT, 'processor.js'), []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid configuration');
    for (const v of ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN']) expect(r.stderr).toContain(v);
  }, SPAWN_TIMEOUT_MS);

  it('producer bundle: --help lists every command; a command without Kafka config exits 2', () => {
    const help = run(join(OUT, 'producer.js'), ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tickflow-producer');
    for (const c of COMMANDS) expect(help.stdout).toContain(c.name);
    const sim = run(join(OUT, 'producer.js'), ['sim']);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('KAFKA_BROKERS');
  }, SPAWN_TIMEOUT_MS);

  it('influx-setup bundle: validates its env, then needs a reachable InfluxDB', () => {
    const setup = join(OUT, 'influxdb/setup.js');
    const bad = run(setup, []);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INFLUX_URL');
    // Port 9 on loopback refuses at once: the config was accepted and the health wait began.
    const down = run(setup, [], { INFLUX_URL: 'http://127.0.0.1:9', INFLUX_ADMIN_TOKEN: 'x', INFLUX_SETUP_WAIT_SECONDS: '0' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('not healthy');
    expect(down.stderr).not.toContain('Invalid configuration');
  }, SPAWN_TIMEOUT_MS);
});
