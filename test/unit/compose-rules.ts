import { spawnSync } from 'node:child_process';
import { containerEnv, execArgv, interpolateAll, type ComposeFile, type Env } from './compose-file.js';

/**
 * Rules a compose file must keep so that `docker compose up` works the first time on a fresh
 * machine. Each returns its violations (empty = kept), so a test can also show it catches the
 * pattern it guards against.
 */

/**
 * Images more than one service builds. Compose builds every `build:` through `buildx bake`, in
 * parallel: two services building one tag collide on a first build ("image ... already exists").
 */
export function imagesBuiltTwice(compose: ComposeFile): string[] {
  const builders = new Map<string, string[]>();
  for (const [name, s] of Object.entries(compose.services)) {
    if (!s.build) continue;
    const tag = s.image ?? `<project>-${name}`;
    builders.set(tag, [...(builders.get(tag) ?? []), name]);
  }
  return [...builders].filter(([, names]) => names.length > 1).map(([tag, names]) => `${tag}: built by ${names.join(', ')}`);
}

/**
 * Services that run an image another service builds, but could start before it exists or try
 * to pull it from a registry (where it is not): each needs `pull_policy: never` and a
 * depends_on on its builder, completed (a one-shot builder) or started.
 */
export function unbuiltImageUsers(compose: ComposeFile): string[] {
  const builderOf = new Map<string, string>();
  for (const [name, s] of Object.entries(compose.services)) if (s.build && s.image) builderOf.set(s.image, name);
  const problems: string[] = [];
  for (const [name, s] of Object.entries(compose.services)) {
    const builder = s.image && !s.build ? builderOf.get(s.image) : undefined;
    if (!builder) continue;
    if (s.pull_policy !== 'never') problems.push(`${name}: pull_policy must be never (${s.image} is built here, not pulled)`);
    if (!s.depends_on?.[builder]) problems.push(`${name}: must depend on ${builder}, which builds ${s.image}`);
  }
  return problems;
}

/** Variables compose may read from .env or the shell without the project prefix, and why. */
export const UNPREFIXED_ALLOWED: Readonly<Record<string, string>> = {};

/**
 * Variables a compose document takes from the host (.env or the shell) under a generic name:
 * a `${VAR}` without the TICKFLOW_ prefix, or an environment entry without a value (compose
 * passes the host's variable of that name through). A KAFKA_BROKERS exported for the tests
 * would otherwise reach every container.
 */
export function genericHostVariables(doc: unknown, referenced: Set<string>): string[] {
  const out = [...referenced].filter((v) => !v.startsWith('TICKFLOW_') && !(v in UNPREFIXED_ALLOWED)).map((v) => `\${${v}}`);
  const services = (doc as ComposeFile | undefined)?.services ?? {};
  for (const [name, s] of Object.entries(services)) {
    for (const [k, v] of Object.entries(s.environment ?? {})) if (v === null) out.push(`${name}: ${k} (no value: passed through from the host)`);
  }
  return out;
}

/** The ready service's command, run natively with sh as its container would, with compose's environment. */
export function runReady(raw: ComposeFile, dotenv: Env): { code: number | null; stdout: string } {
  const ready = interpolateAll(raw, dotenv).services.ready;
  if (!ready) throw new Error('docker-compose.yml has no ready service');
  const [bin = '', ...args] = execArgv(ready);
  const r = spawnSync(bin, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...containerEnv(ready, {}) }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout };
}

/** Words of a shell command line as POSIX sh splits them (plain words, '...' and "..." quoting). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/(?:[^\s'"]+|'[^']*'|"(?:[^"\\]|\\.)*")+/g)) {
    words.push(m[0].replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"/g, (_, sq: string | undefined, dq: string | undefined) => sq ?? (dq ?? '').replace(/\\(.)/g, '$1')));
  }
  return words;
}
