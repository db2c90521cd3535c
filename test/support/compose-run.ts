import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { containerEnv, usesAppImage, type Service } from '../unit/compose-file.js';
import type { Stage } from './dockerfile.js';

/**
 * Runs a compose service's container natively: its command and health check, with the
 * environment compose gives it. What only Docker provides is mapped explicitly:
 * - hostnames (`kafka:9092`, `http://influxdb:8086`, ...) -> the test endpoints (`hosts`);
 * - each volume's mount point -> a host directory (named volumes: one shared dir per volume,
 *   bind mounts: the repo path), and the container's private /tmp -> a dir of its own;
 * - the image's WORKDIR -> the stage's host root; `node` -> this Node.
 */
export interface RunContext {
  repo: string;
  /** Host dir standing for the runtime stage's `/`. */
  imageRoot: string;
  runtime: Stage;
  /** Host dir for named volumes (one subdir each) and per-container /tmp. */
  stateDir: string;
  /** Literal replacements, e.g. { 'kafka:9092': '127.0.0.1:19092' }. */
  hosts: Record<string, string>;
}

export interface Container {
  name: string;
  env: Record<string, string>;
  cwd: string;
  /** Maps a container path (as compose and the image see it) to the host. */
  map(text: string): string;
}

/** `ports`: the container's listening ports -> free host ports (containers each have their own). */
export function container(name: string, service: Service, dotenv: Record<string, string>, c: RunContext, ports: Record<number, number> = {}): Container {
  const rewrites: [string, string][] = Object.entries(c.hosts);
  for (const [cp, hp] of Object.entries(ports)) rewrites.push([`127.0.0.1:${cp}`, `127.0.0.1:${hp}`], [`localhost:${cp}`, `127.0.0.1:${hp}`]);
  for (const v of service.volumes ?? []) {
    const [src = '', target = ''] = v.split(':');
    const host = src.startsWith('.') || src.startsWith('/') ? resolve(c.repo, src) : join(c.stateDir, 'volumes', src);
    mkdirSync(host, { recursive: true });
    rewrites.push([target, host]);
  }
  const tmp = join(c.stateDir, 'containers', name, 'tmp');
  mkdirSync(tmp, { recursive: true });
  rewrites.push(['/tmp/', `${tmp}/`]);
  // One pass, longest match first: a mapped path must never be mapped again.
  const table = new Map([...rewrites].sort((a, b) => b[0].length - a[0].length));
  const re = new RegExp([...table.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
  const map = (text: string) => text.replace(re, (m) => table.get(m) ?? m);
  const env: Record<string, string> = { ...c.runtime.env };
  for (const [k, v] of Object.entries(containerEnv({ ...service, command: undefined, entrypoint: undefined }, dotenv))) {
    const port = ports[Number(v)];
    env[k] = port !== undefined && /^\d+$/.test(v) ? String(port) : map(v);
  }
  env.PATH = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;
  return { name, env, cwd: join(c.imageRoot, c.runtime.workdir), map };
}

/** argv for an exec-form command or a shell string, with `node` as this Node binary. */
function argv(cmd: string[] | string, ct: Container): [string, string[]] {
  const parts = typeof cmd === 'string' ? ['sh', '-c', cmd] : cmd;
  const [bin = '', ...rest] = parts.map((p) => ct.map(p));
  return [bin === 'node' ? process.execPath : bin, rest];
}

export interface Running {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
  stop(): Promise<void>;
}

export function start(ct: Container, cmd: string[] | string): Running {
  const [bin, args] = argv(cmd, ct);
  const child = spawn(bin, args, { cwd: ct.cwd, env: ct.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    output: () => out,
    exit,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** Runs a one-shot command to completion. */
export function runOnce(ct: Container, cmd: string[] | string, extraEnv: Record<string, string> = {}): { code: number | null; output: string } {
  const [bin, args] = argv(cmd, ct);
  const r = spawnSync(bin, args, { cwd: ct.cwd, env: { ...ct.env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The service's health check as Docker runs it: compose `test` (CMD / CMD-SHELL) or the image HEALTHCHECK. */
export function healthcheck(service: Service, runtime: Stage): string[] | string | undefined {
  const t = service.healthcheck?.test;
  if (Array.isArray(t)) return t[0] === 'CMD-SHELL' ? (t[1] as string) : t.slice(1);
  if (typeof t === 'string') return t;
  return usesAppImage(service) ? runtime.healthcheck : undefined;
}
