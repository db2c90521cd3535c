import { describe, expect, it } from 'vitest';
import { interpolateAll, parseYaml, readText, type ComposeFile, type Env } from './compose-file.js';
import { runReady } from './compose-rules.js';

// The one line a newcomer needs from `docker compose up`: printed by the `ready` service once
// the pipeline is healthy, instead of being buried among the services' logs.

const raw = parseYaml(readText('docker-compose.yml')) as ComposeFile;
const readyLine = (dotenv: Env) => runReady(raw, dotenv);

describe('the ready service', () => {
  it('prints one line: the Grafana URL, the user, and the command that prints the password', () => {
    const r = readyLine({});
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Tickflow is ready: Grafana http://localhost:3000, user admin, password: docker compose exec grafana cat /run/tickflow/grafana/admin-password\n');
  });

  it('names the port, user and password file Grafana really has', () => {
    const dotenv = { TICKFLOW_GRAFANA_PORT: '3001', TICKFLOW_GRAFANA_ADMIN_USER: 'ops' };
    const compose = interpolateAll(raw, dotenv);
    const grafana = compose.services.grafana;
    expect(grafana?.ports).toEqual(['127.0.0.1:3001:3000']);
    const line = readyLine(dotenv).stdout;
    expect(line).toContain('Grafana http://localhost:3001, user ops,');
    expect(grafana?.environment?.GF_SECURITY_ADMIN_USER).toBe('ops');
    expect(line.trim().endsWith(`docker compose exec grafana cat ${String(grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD__FILE)}`)).toBe(true);
    // The file is in a volume Grafana mounts.
    expect(grafana?.volumes).toContain('grafana-secrets:/run/tickflow/grafana:ro');
  });

  it('waits for every long-running service of the default profile to be healthy (the Yahoo producer aside: it needs the internet)', () => {
    const ready = raw.services.ready;
    const longRunning = Object.entries(raw.services).filter(([n, s]) => s.restart === 'unless-stopped' && !s.profiles && n !== 'producer');
    expect(longRunning.length).toBeGreaterThanOrEqual(7);
    for (const [name] of longRunning) expect(ready?.depends_on?.[name]?.condition, name).toBe('service_healthy');
    expect(ready?.restart).toBe('no');
    expect(ready?.profiles).toBeUndefined();
    // Nothing waits for ready: it only reports.
    expect(Object.values(raw.services).filter((s) => s.depends_on?.ready)).toEqual([]);
  });
});
