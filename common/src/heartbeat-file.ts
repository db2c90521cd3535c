import { utimes, writeFile } from 'node:fs/promises';
import type { Logger } from './logger.js';

/**
 * Liveness for container healthchecks (processor, archiver): touches `path` every `intervalMs` while the consumer
 * shows signs of life (a fetch or group heartbeat in the last `staleMs`). A stuck or
 * disconnected consumer (or an unhealthy `healthy()`) stops touching it, and the healthcheck sees the file age.
 */
export function startHeartbeatFile(
  path: string,
  intervalMs: number,
  staleMs: number,
  log: Logger,
  /** False stops the touching too, e.g. while InfluxDB refuses the processor's writes (401/403/404). */
  healthy: () => boolean = () => true,
): { alive(): void; stop(): void } {
  let lastAlive = 0;
  const touch = async (): Promise<void> => {
    if (Date.now() - lastAlive > staleMs || !healthy()) return;
    const now = new Date();
    await utimes(path, now, now).catch(() => writeFile(path, `${now.toISOString()}\n`));
  };
  const timer = setInterval(() => touch().catch((err) => log.warn({ err, path }, 'could not touch heartbeat file')), intervalMs);
  timer.unref();
  return {
    alive: () => {
      lastAlive = Date.now();
    },
    stop: () => clearInterval(timer),
  };
}
