import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** Helpers for the compose tests: read the files the way `docker compose` does, without Docker. */

export const ROOT = resolve(import.meta.dirname, '../..');

export type Env = Record<string, string>;

export interface Service {
  image?: string;
  pull_policy?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; disable?: boolean };
  ports?: unknown[];
  profiles?: string[];
  restart?: string;
  user?: string;
  volumes?: string[];
  container_name?: string;
}

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The image every Tickflow process runs (its tag is the package.json version). */
export const usesAppImage = (s: Service): boolean => /^tickflow-app:/.test(s.image ?? '');

export const readText = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');

/** YAML with merge keys (`<<: *anchor`) resolved, as compose reads it. */
export const parseYaml = (text: string): unknown => parse(text, { merge: true });

/** KEY=value lines of an env file (no quotes or export in ours); `# KEY=` lines are documented-but-unset. */
export function parseEnvFile(text: string): { values: Env; documented: Set<string> } {
  const values: Env = {};
  const documented = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m?.[2]) continue;
    documented.add(m[2]);
    if (!m[1]) values[m[2]] = m[3] ?? '';
  }
  return { values, documented };
}

const VAR = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Every variable a parsed compose document interpolates (`$$` escapes and comments excluded). */
export function referencedVars(doc: unknown, names = new Set<string>()): Set<string> {
  if (typeof doc === 'string') {
    for (const m of doc.matchAll(VAR)) {
      const name = m[1] ?? m[4];
      if (name) names.add(name);
    }
  } else if (doc && typeof doc === 'object') {
    for (const v of Object.values(doc)) referencedVars(v, names);
  }
  return names;
}

/** `${VAR}` / `$VAR` references without a default (`${VAR:-d}` or `${VAR-d}`): each needs a .env. */
export function varsWithoutDefault(doc: unknown, found = new Set<string>()): Set<string> {
  if (typeof doc === 'string') {
    for (const m of doc.matchAll(VAR)) {
      const name = m[1] ?? m[4];
      if (name && m[2] !== ':-' && m[2] !== '-') found.add(`${name}${m[2] ? ` (${m[2]})` : ''}`);
    }
  } else if (doc && typeof doc === 'object') {
    for (const v of Object.values(doc)) varsWithoutDefault(v, found);
  }
  return found;
}

/** Files a command runs with `node <file>` (exec array or shell script; `node -e` has none). */
export function nodeScripts(cmd: string[] | string | undefined): string[] {
  if (cmd === undefined) return [];
  const text = Array.isArray(cmd) ? (cmd[0] === 'node' ? `node ${cmd.slice(1).join(' ')}` : cmd.join('\n')) : cmd;
  return [...text.matchAll(/(?:^|[\s;&|(])node\s+(?:--[\w-]+(?:=\S+)?\s+)*([\w./-]+\.m?js)\b/g)].map((m) => m[1] as string);
}

export class InterpolationError extends Error {}

/** Compose variable interpolation of one string: ${V}, ${V:-d}, ${V-d}, ${V:?e}, ${V?e}, ${V:+a}, $V, $$. */
export function interpolate(value: string, env: Env, errors: string[]): string {
  return value.replace(VAR, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const v = env[name];
    const set = v !== undefined;
    const nonEmpty = set && v !== '';
    switch (op) {
      case ':-': return nonEmpty ? v : (arg ?? '');
      case '-': return set ? v : (arg ?? '');
      case ':?': if (!nonEmpty) errors.push(`${name}: ${arg}`); return v ?? '';
      case '?': if (!set) errors.push(`${name}: ${arg}`); return v ?? '';
      case ':+': return nonEmpty ? (arg ?? '') : '';
      case '+': return set ? (arg ?? '') : '';
      default: return v ?? '';
    }
  });
}

/** Interpolates every string in a parsed compose document; throws listing all missing mandatory vars. */
export function interpolateAll<T>(doc: T, env: Env): T {
  const errors: string[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolate(node, env, errors);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  const out = walk(doc) as T;
  if (errors.length > 0) throw new InterpolationError(errors.join('\n'));
  return out;
}

/**
 * The environment a container of this service starts with: its `environment` (null entries are
 * passed through from .env only when set there), plus variables its shell wrapper exports.
 */
export function containerEnv(service: Service, dotenv: Env): Env {
  const env: Env = {};
  for (const [k, v] of Object.entries(service.environment ?? {})) {
    if (v === null) {
      if (dotenv[k] !== undefined) env[k] = dotenv[k];
    } else env[k] = String(v);
  }
  const script = [service.entrypoint, service.command].flat().filter((s): s is string => typeof s === 'string').join('\n');
  for (const m of script.matchAll(/^\s*export ([A-Z][A-Z0-9_]*)\s*$/gm)) env[m[1] as string] = `from-wrapper-${m[1]}`;
  return env;
}

/** What a container runs: exec-form entrypoint + command (a compose `entrypoint` drops the image's CMD). */
export function execArgv(service: Service, command = service.command): string[] {
  const list = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : ['sh', '-c', v]);
  return [...list(service.entrypoint), ...list(command)];
}

/**
 * argv after `node <script>` in what a service runs, e.g. ['sales', '--seed', '7']; `command`
 * replaces the service's command as `docker compose run <service> <command...>` does.
 */
export function nodeArgs(service: Service, script: string, command = service.command): string[] | undefined {
  const cmd = execArgv(service, command);
  return cmd[0] === 'node' && cmd[1] === script ? cmd.slice(2) : undefined;
}

/** Stage names of a Dockerfile (`FROM x AS name`). */
export function dockerStages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1] as string);
}
