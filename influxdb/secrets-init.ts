/**
 * First-start secrets of the compose stack (the `secrets-init` one-shot service): the InfluxDB
 * admin password and operator token, and the Grafana admin password. Each lives in a file that
 * its consumer reads through the image's own file setting (DOCKER_INFLUXDB_INIT_*_FILE,
 * GF_SECURITY_ADMIN_PASSWORD__FILE, INFLUX_ADMIN_TOKEN_FILE for influxdb/setup.ts).
 *
 * A missing file is generated (random, mode 0640); an existing one is kept, so every later
 * `docker compose up` is a no-op. A value given in the environment (.env override, e.g. the
 * all-access token of an InfluxDB Cloud org) is written instead. `--rotate <name>` replaces one.
 * No secret is ever printed: only where the Grafana admin password is, once, when it is made.
 *
 * `node dist/secrets-init.js [--rotate influx-admin-password|influx-admin-token|grafana-admin-password]`
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SecretSpec {
  /** Name for --rotate and logs. */
  name: string;
  /** Env var holding the file path. */
  fileVar: string;
  /** Env var that may carry a value to use instead of a generated one. */
  valueVar: string;
  /** Random bytes (base64url-encoded: no quoting issues in any consumer). */
  bytes: number;
}

export const SECRETS: readonly SecretSpec[] = [
  { name: 'influx-admin-password', fileVar: 'INFLUX_ADMIN_PASSWORD_FILE', valueVar: 'INFLUX_ADMIN_PASSWORD', bytes: 18 },
  { name: 'influx-admin-token', fileVar: 'INFLUX_ADMIN_TOKEN_FILE', valueVar: 'INFLUX_ADMIN_TOKEN', bytes: 32 },
  { name: 'grafana-admin-password', fileVar: 'GRAFANA_ADMIN_PASSWORD_FILE', valueVar: 'GRAFANA_ADMIN_PASSWORD', bytes: 18 },
];

export type Outcome = 'generated' | 'kept' | 'from-env' | 'rotated';

/** Makes sure one secret file exists; returns what was done (never the value). */
export async function ensureSecret(file: string, given: string | undefined, bytes: number, rotate = false): Promise<Outcome> {
  const exists = existsSync(file);
  const current = exists ? await readFile(file, 'utf8') : undefined;
  let value: string;
  let outcome: Outcome;
  if (given) {
    if (current === given) return 'kept';
    [value, outcome] = [given, 'from-env'];
  } else if (exists && !rotate) {
    if (!current) throw new Error(`${file} is empty: delete it to have it generated again`);
    return 'kept';
  } else {
    [value, outcome] = [randomBytes(bytes).toString('base64url'), exists ? 'rotated' : 'generated'];
  }
  await mkdir(dirname(file), { recursive: true });
  // Write then rename: a reader never sees a half-written secret.
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, value, { mode: 0o640 });
  await chmod(tmp, 0o640);
  await rename(tmp, file);
  return outcome;
}

export interface InitResult {
  outcomes: Record<string, Outcome>;
  /** Log lines: what happened to each secret, by name and path only. */
  lines: string[];
}

export async function initSecrets(env: Record<string, string | undefined>, rotate?: string): Promise<InitResult> {
  if (rotate && !SECRETS.some((s) => s.name === rotate)) throw new Error(`--rotate: unknown secret "${rotate}" (one of ${SECRETS.map((s) => s.name).join(', ')})`);
  const outcomes: Record<string, Outcome> = {};
  const lines: string[] = [];
  for (const s of SECRETS) {
    const file = env[s.fileVar];
    if (!file) throw new Error(`${s.fileVar}: required, the path of the ${s.name} file`);
    const outcome = await ensureSecret(file, env[s.valueVar] || undefined, s.bytes, rotate === s.name);
    outcomes[s.name] = outcome;
    lines.push(`secrets-init: ${s.name} ${outcome} (${file})`);
  }
  const grafana = outcomes['grafana-admin-password'];
  if (grafana === 'generated' || grafana === 'rotated') {
    const file = env.GRAFANA_ADMIN_PASSWORD_FILE as string;
    lines.push(
      `secrets-init: Grafana admin password generated. Log in at http://localhost:3000 as admin with the password printed by: docker compose exec grafana cat ${file}`,
    );
  }
  return { outcomes, lines };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      `Usage: secrets-init [--rotate <name>]\n\nGenerates each missing secret file once (mode 0640). Names and env:\n${SECRETS.map((s) => `  ${s.name.padEnd(24)} file $${s.fileVar}, value override $${s.valueVar}`).join('\n')}\n`,
    );
    process.exit(0);
  }
  const i = args.indexOf('--rotate');
  initSecrets(process.env, i >= 0 ? (args[i + 1] ?? '') : undefined).then(
    (r) => process.stdout.write(`${r.lines.join('\n')}\n`),
    (err: unknown) => {
      process.stderr.write(`secrets-init failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
