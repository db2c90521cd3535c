import { pino, type Logger } from 'pino';

export type { Logger };

/** One root logger per service; modules take `log.child({ module })`. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
