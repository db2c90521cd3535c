import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One root logger per service; modules take `log.child({ module })`. Logs go to stdout, or to
 * stderr (`fd` 2) for a CLI whose stdout is data.
 */
export function createLogger(service: string, level = 'info', fd: 1 | 2 = 1): Logger {
  const options = { name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime };
  return fd === 2 ? pino(options, pino.destination({ dest: 2, sync: true })) : pino(options);
}
