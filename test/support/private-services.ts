import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readEnvFile } from './env-file.js';
import { ensureTestBuckets } from './influx.js';

const run = promisify(execFile);
const SERVICES = resolve(import.meta.dirname, '../../scripts/services.sh');

/**
 * A private Kafka + InfluxDB pair from scripts/services.sh, on their own ports and run dir,
 * for tests that stop a service: they never disturb the shared ones (or a user's endpoints).
 */
export class PrivateServices {
  env: Record<string, string> = {};
  private runDir = '';
  private readonly ports: Record<string, string>;

  constructor(base: number) {
    this.ports = { KAFKA_PORT: String(base), KAFKA_CONTROLLER_PORT: String(base + 1), INFLUX_PORT: String(base + 2) };
  }

  async up(): Promise<void> {
    this.runDir = await mkdtemp(join(tmpdir(), 'tickflow-private-'));
    await this.call('up');
    this.env = readEnvFile(join(this.runDir, 'services.env'));
    const { INFLUX_URL = '', INFLUX_TOKEN = '', INFLUX_ORG = 'tickflow' } = this.env;
    await ensureTestBuckets({ INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG }); // what startProcessor() writes besides its raw bucket
  }

  call(command: 'up' | 'down' | 'stop-kafka' | 'start-kafka' | 'stop-influx' | 'start-influx'): Promise<unknown> {
    return run('bash', [SERVICES, command], { env: { ...process.env, ...this.ports, TICKFLOW_RUN_DIR: this.runDir }, timeout: 600_000 });
  }

  async down(): Promise<void> {
    if (!this.runDir) return;
    await this.call('down').catch(() => undefined);
    await rm(this.runDir, { recursive: true, force: true });
  }
}
